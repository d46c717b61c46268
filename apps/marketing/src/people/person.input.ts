import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { PersonKind } from './person.enums';
import { lower as lowercased, UuidInput } from '@crm/graphql';

export const EMAIL_MAX = 254;

@InputType({
  description:
    "A lead or a contact. A lead is looked up here, so its email and customer come from it. A contact is sales': give its email and customerId.",
})
export class PersonInput {
  @Field(() => PersonKind)
  @IsEnum(PersonKind)
  kind!: PersonKind;

  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field(() => String, { nullable: true, description: "A contact's email address; for a lead, leave it out or give the lead's." })
  @IsOptional()
  @Transform(lowercased)
  @IsString()
  @MaxLength(EMAIL_MAX, { message: `email must be at most ${EMAIL_MAX} characters` })
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string | null;

  @Field(() => ID, { nullable: true, description: "A contact's customer, one sales has; for a lead, leave it out." })
  @UuidInput({ optional: true })
  customerId?: string | null;
}
