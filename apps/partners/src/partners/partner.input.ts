import { ConnectionArgs } from '@crm/graphql';
import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { PartnerKind } from './partner.enums';

export const NAME_MAX = 200;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

@InputType()
export class CreatePartnerInput {
  @Field({ description: `1 to ${NAME_MAX} characters, unique regardless of case.` })
  @Transform(trim)
  @IsString()
  @Length(1, NAME_MAX, { message: `name must be 1 to ${NAME_MAX} characters` })
  name!: string;

  @Field(() => PartnerKind, { defaultValue: PartnerKind.RESELLER })
  @IsEnum(PartnerKind)
  kind: PartnerKind = PartnerKind.RESELLER;
}

@InputType()
export class LinkPartnerInput {
  @Field(() => ID)
  @Transform(lower)
  @IsUUID('all', { message: 'partnerId must be a UUID' })
  partnerId!: string;

  @Field(() => ID, { description: 'A customer that exists in sales.' })
  @Transform(lower)
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId!: string;
}

export enum PartnerSort {
  NAME_ASC = 'NAME_ASC',
  CREATED_AT_DESC = 'CREATED_AT_DESC',
}

registerEnumType(PartnerSort, { name: 'PartnerSort', description: 'By name (ignoring case), or newest first.' });

@InputType()
export class PartnerFilter {
  @Field(() => String, { nullable: true, description: 'Case-insensitive part of the name.' })
  @IsOptional()
  @IsString()
  @Length(1, NAME_MAX, { message: `nameContains must be 1 to ${NAME_MAX} characters` })
  nameContains?: string;

  @Field(() => PartnerKind, { nullable: true })
  @IsOptional()
  @IsEnum(PartnerKind)
  kind?: PartnerKind;
}

@ArgsType()
export class PartnersArgs extends ConnectionArgs {
  @Field(() => PartnerFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PartnerFilter)
  filter?: PartnerFilter;

  @Field(() => PartnerSort, { defaultValue: PartnerSort.NAME_ASC })
  @IsEnum(PartnerSort)
  sort: PartnerSort = PartnerSort.NAME_ASC;
}
