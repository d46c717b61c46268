import { IsOptionalNotNull } from '@crm/graphql';
import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEmail, IsEnum, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export const CONTACT_POINTS_MAX = 10;
const PHONE = /^\+?[0-9 ()./-]{4,30}$/;

export enum ContactPointType {
  WORK = 'WORK',
  HOME = 'HOME',
  MOBILE = 'MOBILE',
  OTHER = 'OTHER',
}

registerEnumType(ContactPointType, { name: 'ContactPointType', description: 'What an email address or phone number is for.' });

@InputType()
export class ContactEmailInput {
  @Field()
  @Transform(lower)
  @IsEmail({}, { message: 'address must be an email address' })
  @Length(3, 254, { message: 'address must be 3 to 254 characters' })
  address!: string;

  @Field(() => ContactPointType, { defaultValue: ContactPointType.WORK })
  @IsEnum(ContactPointType)
  type: ContactPointType = ContactPointType.WORK;

  @Field(() => Boolean, { defaultValue: false, description: 'At most one primary; without one, the first is primary.' })
  @IsBoolean()
  primary = false;
}

@InputType()
export class ContactPhoneInput {
  @Field()
  @Transform(trim)
  @Matches(PHONE, { message: 'number must be a phone number' })
  number!: string;

  @Field(() => ContactPointType, { defaultValue: ContactPointType.WORK })
  @IsEnum(ContactPointType)
  type: ContactPointType = ContactPointType.WORK;

  @Field(() => Boolean, { defaultValue: false, description: 'At most one primary; without one, the first is primary.' })
  @IsBoolean()
  primary = false;
}

@InputType()
export class AddContactInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId!: string;

  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'firstName must be 1 to 100 characters' })
  firstName!: string;

  @Field()
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'lastName must be 1 to 100 characters' })
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'Shorthand for one primary WORK email; give either this or `emails`.' })
  @IsOptional()
  @Transform(lower)
  @IsEmail({}, { message: 'email must be an email address' })
  @Length(3, 254)
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Shorthand for one primary WORK phone; give either this or `phones`.' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string | null;

  @Field(() => [ContactEmailInput], { nullable: true, description: `At most ${CONTACT_POINTS_MAX}.` })
  @IsOptional()
  @ArrayMaxSize(CONTACT_POINTS_MAX, { message: `emails must have at most ${CONTACT_POINTS_MAX} entries` })
  @ValidateNested({ each: true })
  @Type(() => ContactEmailInput)
  emails?: ContactEmailInput[] | null;

  @Field(() => [ContactPhoneInput], { nullable: true, description: `At most ${CONTACT_POINTS_MAX}.` })
  @IsOptional()
  @ArrayMaxSize(CONTACT_POINTS_MAX, { message: `phones must have at most ${CONTACT_POINTS_MAX} entries` })
  @ValidateNested({ each: true })
  @Type(() => ContactPhoneInput)
  phones?: ContactPhoneInput[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @Length(1, 100, { message: 'title must be 1 to 100 characters' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Part in the account, e.g. "Procurement".' })
  @IsOptional()
  @Transform(trim)
  @Length(1, 100, { message: 'role must be 1 to 100 characters' })
  role?: string | null;
}

@InputType()
export class UpdateContactInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'firstName must be 1 to 100 characters' })
  firstName?: string;

  @Field(() => String, { nullable: true })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'lastName must be 1 to 100 characters' })
  lastName?: string;

  @Field(() => [ContactEmailInput], { nullable: true, description: 'Replaces every email; [] or null removes them all.' })
  @IsOptional()
  @ArrayMaxSize(CONTACT_POINTS_MAX, { message: `emails must have at most ${CONTACT_POINTS_MAX} entries` })
  @ValidateNested({ each: true })
  @Type(() => ContactEmailInput)
  emails?: ContactEmailInput[] | null;

  @Field(() => [ContactPhoneInput], { nullable: true, description: 'Replaces every phone; [] or null removes them all.' })
  @IsOptional()
  @ArrayMaxSize(CONTACT_POINTS_MAX, { message: `phones must have at most ${CONTACT_POINTS_MAX} entries` })
  @ValidateNested({ each: true })
  @Type(() => ContactPhoneInput)
  phones?: ContactPhoneInput[] | null;

  @Field(() => String, { nullable: true, description: 'null clears it.' })
  @IsOptional()
  @Transform(trim)
  @Length(1, 100, { message: 'title must be 1 to 100 characters' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'null clears it.' })
  @IsOptional()
  @Transform(trim)
  @Length(1, 100, { message: 'role must be 1 to 100 characters' })
  role?: string | null;
}
