import {
  CONTACT_POINTS_MAX,
  ContactEmailInput,
  ContactPhoneInput,
  ContactPointsField,
  ContactPointType,
  lower,
  PHONE_PATTERN,
  trim,
  UuidInput,
  TrimmedString,
} from '@crm/graphql';
import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, Length, Matches } from 'class-validator';

// The typed emails and phones are shared with marketing's leads.
export { CONTACT_POINTS_MAX, ContactEmailInput, ContactPhoneInput, ContactPointType };
@InputType()
export class AddContactInput {
  @Field(() => ID)
  @UuidInput()
  customerId!: string;

  @Field()
  @TrimmedString({ min: 1, max: 100 })
  firstName!: string;

  @Field()
  @TrimmedString({ min: 1, max: 100 })
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'Shorthand for one primary WORK email; give either this or `emails`.' })
  @IsOptional()
  @Transform(lower)
  @IsEmail({}, { message: 'email must be an email address' })
  @Length(3, 254)
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Shorthand for one primary WORK phone; give either this or `phones`.' })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ContactPointsField(ContactEmailInput, `At most ${CONTACT_POINTS_MAX}.`)
  emails?: ContactEmailInput[] | null;

  @ContactPointsField(ContactPhoneInput, `At most ${CONTACT_POINTS_MAX}.`)
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
  @UuidInput()
  id!: string;

  @Field(() => String, { nullable: true })
  @TrimmedString({ min: 1, max: 100, optional: 'not-null' })
  firstName?: string;

  @Field(() => String, { nullable: true })
  @TrimmedString({ min: 1, max: 100, optional: 'not-null' })
  lastName?: string;

  @ContactPointsField(ContactEmailInput, 'Replaces every email; [] or null removes them all.')
  emails?: ContactEmailInput[] | null;

  @ContactPointsField(ContactPhoneInput, 'Replaces every phone; [] or null removes them all.')
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
