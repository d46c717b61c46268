import { ConnectionArgs, IsOptionalNotNull, lower, MoneyInput, trim, UuidInput, TrimmedString, FilterArg, SortArg } from '@crm/graphql';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEmail,
  IsEnum,
  IsFQDN,
  IsInt,
  IsISO31661Alpha2,
  Max,
  Min,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  ValidateNested,
} from 'class-validator';
import { CompanySize, LifecycleStage } from './customer.enums';
import { CustomerKindValue } from './customer.object';
import { OccurredAtField } from '../history/occurred-at.input';
import { OwnedBy, OwnedByField } from '../users/owned-by';

export const NAME_MAX = 200;

const ADDRESS_FIELD_MAX = 200;

@InputType({ description: "A postal address; the country is the customer's `country`." })
export class AddressInput {
  @Field(() => String, { nullable: true })
  @TrimmedString({ min: 1, max: ADDRESS_FIELD_MAX, label: 'address.street', optional: true })
  street?: string | null;

  @Field(() => String, { nullable: true })
  @TrimmedString({ min: 1, max: ADDRESS_FIELD_MAX, label: 'address.city', optional: true })
  city?: string | null;

  @Field(() => String, { nullable: true })
  @TrimmedString({ min: 1, max: 20, label: 'address.postalCode', optional: true })
  postalCode?: string | null;

  @Field(() => String, { nullable: true, description: 'State, province or county.' })
  @TrimmedString({ min: 1, max: ADDRESS_FIELD_MAX, label: 'address.region', optional: true })
  region?: string | null;
}

/** The profile fields create and update take alike: optional, and null clears one on update. */
@InputType({ isAbstract: true })
abstract class CustomerProfileInput {
  @Field(() => String, { nullable: true, description: 'null clears the domain.' })
  @IsOptional()
  @Transform(lower)
  @IsFQDN({}, { message: 'domain must be a domain name such as acme.com' })
  domain?: string | null;

  @Field(() => Int, { nullable: true, description: 'Account tier, 1 (top) to 5; null clears it.' })
  @IsOptional()
  @IsInt({ message: 'tier must be an integer from 1 to 5' })
  @Min(1, { message: 'tier must be an integer from 1 to 5' })
  @Max(5, { message: 'tier must be an integer from 1 to 5' })
  tier?: number | null;

  @Field(() => ID, { nullable: true, description: 'The owning user; null clears it.' })
  @UuidInput({ optional: true })
  ownerId?: string | null;

  @Field(() => [String], { nullable: true, description: 'Replaces the tags; stored lower-cased, without duplicates.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? [...new Set((value as unknown[]).map((t) => (typeof t === 'string' ? t.trim().toLowerCase() : t)))] : value,
  )
  @ArrayMaxSize(50, { message: 'tags must have at most 50 entries' })
  @IsString({ each: true })
  @Length(1, 50, { each: true, message: 'tags must each be 1 to 50 characters' })
  tags?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Free text, e.g. "Software"; null clears it.' })
  @TrimmedString({ min: 1, max: 100, optional: true })
  industry?: string | null;

  @Field(() => CompanySize, { nullable: true, description: 'null clears it.' })
  @IsOptional()
  @IsEnum(CompanySize)
  size?: CompanySize | null;

  @Field(() => String, { nullable: true, description: 'An http(s) URL; null clears it.' })
  @IsOptional()
  @Transform(trim)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'website must be an http(s) URL' })
  @Length(1, 2000, { message: 'website must be at most 2000 characters' })
  website?: string | null;

  @Field(() => MoneyInput, { nullable: true, description: 'Not negative; null clears it.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyInput)
  annualRevenue?: MoneyInput | null;

  @Field(() => Int, { nullable: true, description: 'null clears it.' })
  @IsOptional()
  @IsInt({ message: 'employeeCount must be an integer from 0' })
  @Min(0, { message: 'employeeCount must be an integer from 0' })
  @Max(100_000_000, { message: 'employeeCount must be at most 100000000' })
  employeeCount?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2, e.g. "DE"; null clears it.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as DE' })
  country?: string | null;

  @Field(() => AddressInput, { nullable: true, description: 'Replaces the address; null clears it.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressInput)
  address?: AddressInput | null;

  @Field(() => Int, { nullable: true, description: 'Not in the future; null clears it.' })
  @IsOptional()
  @IsInt({ message: 'yearEstablished must be a year such as 1998' })
  @Min(1000, { message: 'yearEstablished must be a year such as 1998' })
  yearEstablished?: number | null;

  @Field(() => ID, { nullable: true, description: 'The parent account; a cycle in the hierarchy is refused. null clears it.' })
  @UuidInput({ optional: true })
  parentId?: string | null;
}

@InputType()
export class CreateCustomerInput extends CustomerProfileInput {
  @Field()
  @TrimmedString({ min: 1, max: NAME_MAX })
  name!: string;

  @Field(() => CustomerKindValue, { defaultValue: CustomerKindValue.COMPANY })
  @IsEnum(CustomerKindValue)
  kind: CustomerKindValue = CustomerKindValue.COMPANY;

  @Field(() => LifecycleStage, { defaultValue: LifecycleStage.PROSPECT })
  @IsEnum(LifecycleStage)
  lifecycleStage: LifecycleStage = LifecycleStage.PROSPECT;

  @OccurredAtField('the customer was created')
  occurredAt?: Date | null;
}

@InputType()
export class UpdateCustomerInput extends CustomerProfileInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field(() => String, { nullable: true })
  @TrimmedString({ min: 1, max: NAME_MAX, optional: 'not-null' })
  name?: string;

  @Field(() => LifecycleStage, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(LifecycleStage)
  lifecycleStage?: LifecycleStage;

  @Field(() => CustomerKindValue, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(CustomerKindValue)
  kind?: CustomerKindValue;
}

export enum CustomerSort {
  CREATED_AT_DESC = 'CREATED_AT_DESC',
  NAME_ASC = 'NAME_ASC',
  UPDATED_AT_DESC = 'UPDATED_AT_DESC',
  /** Alphabetical, customers without an industry last. */
  INDUSTRY_ASC = 'INDUSTRY_ASC',
  /** Largest band first, customers without a size last. */
  SIZE_DESC = 'SIZE_DESC',
  /** Funnel order (LEAD, PROSPECT, CUSTOMER, CHURNED). */
  LIFECYCLE_STAGE_ASC = 'LIFECYCLE_STAGE_ASC',
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

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt({ message: 'tier must be an integer from 1 to 5' })
  // The column is a smallint: a tier past its range would fail in SQL rather than match nothing.
  @Min(1, { message: 'tier must be an integer from 1 to 5' })
  @Max(5, { message: 'tier must be an integer from 1 to 5' })
  tier?: number;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  ownerId?: string;

  @OwnedByField()
  ownedBy?: OwnedBy;

  @Field(() => String, { nullable: true, description: 'Customers carrying this tag.' })
  @IsOptional()
  @Transform(lower)
  @IsString()
  tag?: string;

  @Field(() => String, { nullable: true, description: 'Exact industry, case-insensitive.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  industry?: string;

  @Field(() => [CompanySize], { nullable: true, description: 'Any of these sizes.' })
  @IsOptional()
  @IsEnum(CompanySize, { each: true })
  @ArrayMaxSize(5)
  sizes?: CompanySize[];

  @Field(() => [LifecycleStage], { nullable: true, description: 'Any of these stages.' })
  @IsOptional()
  @IsEnum(LifecycleStage, { each: true })
  @ArrayMaxSize(4)
  lifecycleStages?: LifecycleStage[];
}

@ArgsType()
export class CustomersArgs extends ConnectionArgs {
  @FilterArg(() => CustomerFilter)
  filter?: CustomerFilter;

  @SortArg(CustomerSort, CustomerSort.CREATED_AT_DESC)
  sort: CustomerSort = CustomerSort.CREATED_AT_DESC;
}

@ArgsType()
export class CustomerDuplicatesArgs {
  @Field(() => String, { nullable: true, description: 'Matches customers with a contact of this email (case-insensitive).' })
  @IsOptional()
  @Transform(lower)
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string;

  @Field(() => String, { nullable: true, description: 'Matches customers on this web domain (case-insensitive).' })
  @IsOptional()
  @Transform(lower)
  @IsFQDN({}, { message: 'domain must be a domain name such as acme.com' })
  domain?: string;
}

export const SEARCH_MAX = 50;

@ArgsType()
export class CustomerSearchArgs {
  @Field(() => String, { description: 'Part of a name, a domain or a contact email; names also match with small typos.' })
  @TrimmedString({ min: 2, max: 200 })
  query!: string;

  @Field(() => Int, { defaultValue: 20, description: `At most ${SEARCH_MAX}.` })
  @IsInt()
  @Min(1, { message: 'first must be at least 1' })
  @Max(SEARCH_MAX, { message: `first must be at most ${SEARCH_MAX}` })
  first = 20;
}
