import { ConnectionArgs } from '@crm/graphql';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEmail,
  IsEnum,
  IsFQDN,
  IsInt,
  Max,
  Min,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';
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

  @Field(() => Int, { nullable: true, description: 'Account tier, 1 (top) to 5; null clears it.' })
  @IsOptional()
  @IsInt({ message: 'tier must be an integer from 1 to 5' })
  @Min(1, { message: 'tier must be an integer from 1 to 5' })
  @Max(5, { message: 'tier must be an integer from 1 to 5' })
  tier?: number | null;

  @Field(() => ID, { nullable: true, description: 'The owning user; null clears it.' })
  @IsOptional()
  @IsUUID('all', { message: 'ownerId must be a UUID' })
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

  @Field(() => Int, { nullable: true, description: 'Account tier, 1 (top) to 5; null clears it.' })
  @IsOptional()
  @IsInt({ message: 'tier must be an integer from 1 to 5' })
  @Min(1, { message: 'tier must be an integer from 1 to 5' })
  @Max(5, { message: 'tier must be an integer from 1 to 5' })
  tier?: number | null;

  @Field(() => ID, { nullable: true, description: 'The owning user; null clears it.' })
  @IsOptional()
  @IsUUID('all', { message: 'ownerId must be a UUID' })
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

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  tier?: number;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'ownerId must be a UUID' })
  ownerId?: string;

  @Field(() => String, { nullable: true, description: 'Customers carrying this tag.' })
  @IsOptional()
  @Transform(lower)
  @IsString()
  tag?: string;
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
