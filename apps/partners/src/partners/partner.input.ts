import { ConnectionArgs, IsOptionalNotNull, UuidInput, TrimmedString, FilterArg, SortArg } from '@crm/graphql';
import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { PartnerKind, PartnerStatus, PartnerTier } from './partner.enums';
import { IsTerritory, TERRITORY_MAX, territoryCodes } from './territory';

export const NAME_MAX = 200;

const TERRITORY_DESCRIPTION = `ISO 3166-1 alpha-2 country codes and region codes (EMEA, AMER, APAC, LATAM), at most ${TERRITORY_MAX}; upper-cased, each kept once.`;

@InputType()
export class CreatePartnerInput {
  @Field({ description: `1 to ${NAME_MAX} characters, unique regardless of case.` })
  @TrimmedString({ min: 1, max: NAME_MAX })
  name!: string;

  @Field(() => PartnerKind, { defaultValue: PartnerKind.RESELLER })
  @IsEnum(PartnerKind)
  kind: PartnerKind = PartnerKind.RESELLER;

  @Field(() => PartnerTier, { defaultValue: PartnerTier.REGISTERED })
  @IsEnum(PartnerTier)
  tier: PartnerTier = PartnerTier.REGISTERED;

  @Field(() => [String], { defaultValue: [], description: TERRITORY_DESCRIPTION })
  @Transform(territoryCodes)
  @IsTerritory()
  territory: string[] = [];

  @Field(() => ID, { nullable: true, description: "The channel manager's user id (their token's sub)." })
  @UuidInput({ optional: true, message: 'channelManagerId must be a UUID (a user id, as tokens carry it in sub)' })
  channelManagerId?: string | null;
}

/** Changes only the fields given. A field that cannot be empty refuses an explicit null, by name; channelManagerId: null clears it. */
@InputType()
export class UpdatePartnerInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field(() => String, { nullable: true, description: `1 to ${NAME_MAX} characters, unique regardless of case.` })
  @TrimmedString({ min: 1, max: NAME_MAX, optional: 'not-null' })
  name?: string;

  @Field(() => PartnerKind, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(PartnerKind)
  kind?: PartnerKind;

  @Field(() => PartnerTier, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(PartnerTier)
  tier?: PartnerTier;

  @Field(() => PartnerStatus, { nullable: true, description: 'SUSPENDED refuses every token of the partner from the next request on.' })
  @IsOptionalNotNull()
  @IsEnum(PartnerStatus)
  status?: PartnerStatus;

  @Field(() => [String], { nullable: true, description: TERRITORY_DESCRIPTION })
  @IsOptionalNotNull()
  @Transform(territoryCodes)
  @IsTerritory()
  territory?: string[];

  @Field(() => ID, { nullable: true, description: "The channel manager's user id; null removes the channel manager." })
  @UuidInput({ optional: true, message: 'channelManagerId must be a UUID (a user id, as tokens carry it in sub)' })
  channelManagerId?: string | null;
}

@InputType()
export class AddPartnerUserInput {
  @Field(() => ID)
  @UuidInput()
  partnerId!: string;

  @Field(() => ID, { description: "Their token's sub; a person belongs to one partner." })
  @UuidInput({ message: 'userId must be a UUID (tokens carry it in sub)' })
  userId!: string;

  @Field({ description: `1 to ${NAME_MAX} characters.` })
  @TrimmedString({ min: 1, max: NAME_MAX })
  name!: string;

  @Field()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'email must be an email address' })
  @Length(3, 320, { message: 'email must be at most 320 characters' })
  email!: string;
}

@InputType()
export class RemovePartnerUserInput {
  @Field(() => ID)
  @UuidInput()
  partnerId!: string;

  @Field(() => ID)
  @UuidInput({ message: 'userId must be a UUID (tokens carry it in sub)' })
  userId!: string;
}

@InputType()
export class LinkPartnerInput {
  @Field(() => ID)
  @UuidInput()
  partnerId!: string;

  @Field(() => ID, { description: 'A customer that exists in sales.' })
  @UuidInput()
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

  @Field(() => PartnerTier, { nullable: true })
  @IsOptional()
  @IsEnum(PartnerTier)
  tier?: PartnerTier;

  @Field(() => PartnerStatus, { nullable: true })
  @IsOptional()
  @IsEnum(PartnerStatus)
  status?: PartnerStatus;
}

@ArgsType()
export class PartnersArgs extends ConnectionArgs {
  @FilterArg(() => PartnerFilter)
  filter?: PartnerFilter;

  @SortArg(PartnerSort, PartnerSort.NAME_ASC)
  sort: PartnerSort = PartnerSort.NAME_ASC;
}
