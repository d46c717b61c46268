import { ConnectionArgs } from '@crm/graphql';
import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsFQDN, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { CustomerKindValue } from './customer.object';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export const NAME_MAX = 200;

@InputType()
export class CreateCustomerInput {
  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, NAME_MAX, { message: `name must be 1 to ${NAME_MAX} characters` })
  name!: string;

  @Field(() => CustomerKindValue, { defaultValue: CustomerKindValue.COMPANY })
  @IsEnum(CustomerKindValue)
  kind: CustomerKindValue = CustomerKindValue.COMPANY;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(lower)
  @IsFQDN({}, { message: 'domain must be a domain name such as acme.com' })
  domain?: string | null;
}

@InputType()
export class UpdateCustomerInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, NAME_MAX, { message: `name must be 1 to ${NAME_MAX} characters` })
  name?: string;

  @Field(() => String, { nullable: true, description: 'null clears the domain.' })
  @IsOptional()
  @Transform(lower)
  @IsFQDN({}, { message: 'domain must be a domain name such as acme.com' })
  domain?: string | null;
}

export enum CustomerSort {
  CREATED_AT_DESC = 'CREATED_AT_DESC',
  NAME_ASC = 'NAME_ASC',
}

registerEnumType(CustomerSort, { name: 'CustomerSort' });

@InputType()
export class CustomerFilter {
  @Field(() => String, { nullable: true, description: 'Case-insensitive part of the name.' })
  @IsOptional()
  @IsString()
  @Length(1, NAME_MAX)
  nameContains?: string;

  @Field(() => CustomerKindValue, { nullable: true })
  @IsOptional()
  @IsEnum(CustomerKindValue)
  kind?: CustomerKindValue;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(lower)
  @IsString()
  domain?: string;
}

@ArgsType()
export class CustomersArgs extends ConnectionArgs {
  @Field(() => CustomerFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CustomerFilter)
  filter?: CustomerFilter;

  @Field(() => CustomerSort, { defaultValue: CustomerSort.CREATED_AT_DESC })
  @IsEnum(CustomerSort)
  sort: CustomerSort = CustomerSort.CREATED_AT_DESC;
}
