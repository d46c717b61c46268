import { ConnectionArgs, trim, trimOrNull, UuidInput, TrimmedString, TrimmedStringOrNull } from '@crm/graphql';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export enum LeadAttributeInput {
  EMAIL = 'EMAIL',
  NAME = 'NAME',
  FIRST_NAME = 'FIRST_NAME',
  LAST_NAME = 'LAST_NAME',
  COMPANY = 'COMPANY',
  TITLE = 'TITLE',
  PHONE = 'PHONE',
  COUNTRY = 'COUNTRY',
  INDUSTRY = 'INDUSTRY',
  EMPLOYEE_COUNT = 'EMPLOYEE_COUNT',
}

registerEnumType(LeadAttributeInput, { name: 'LeadAttribute', description: 'The lead attribute a form field fills.' });

export const FORM_FIELDS_MAX = 30;
export const ORIGINS_MAX = 20;
export const FORM_POINTS_MAX = 1000;
/** An HTML input name: what a form may post. */
export const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

@InputType()
export class FormFieldMappingInput {
  @Field({ description: 'The name of the form input.' })
  @Transform(trim)
  @Matches(FIELD_NAME, { message: 'fieldMap.field must be an input name: a letter, then up to 63 letters, digits, _ or -' })
  field!: string;

  @Field(() => LeadAttributeInput)
  @IsEnum(LeadAttributeInput)
  attribute!: LeadAttributeInput;

  @Field(() => Boolean, { defaultValue: false, description: 'A post without it is refused; the EMAIL field always is required.' })
  @IsBoolean()
  required = false;
}

@InputType({ description: 'A web form: what its fields fill on the lead, its hidden fields, consent, points, origins and thank-you.' })
export class CreateWebFormInput {
  @Field()
  @TrimmedString({ min: 1, max: 200 })
  name!: string;

  @Field(() => [FormFieldMappingInput], { description: `1 to ${FORM_FIELDS_MAX} fields; exactly one fills EMAIL.` })
  @ArrayMinSize(1, { message: 'fieldMap must map at least the email field' })
  @ArrayMaxSize(FORM_FIELDS_MAX, { message: `fieldMap must have at most ${FORM_FIELDS_MAX} fields` })
  @ValidateNested({ each: true })
  @Type(() => FormFieldMappingInput)
  fieldMap!: FormFieldMappingInput[];

  @Field(() => ID, { nullable: true, description: 'Hidden field: the campaign every submission is credited to.' })
  @UuidInput({ optional: true })
  campaignId?: string | null;

  @Field(() => String, { nullable: true, description: 'Hidden field: utm_source when a post does not carry one.' })
  @TrimmedStringOrNull({ max: 100 })
  utmSource?: string | null;

  @Field(() => String, { nullable: true })
  @TrimmedStringOrNull({ max: 100 })
  utmMedium?: string | null;

  @Field(() => String, { nullable: true })
  @TrimmedStringOrNull({ max: 100 })
  utmTerm?: string | null;

  @Field(() => String, { nullable: true, description: 'The consent checkbox text (posted as `consent`); null asks for none.' })
  @TrimmedStringOrNull({ max: 1000 })
  consentText?: string | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'The consent checkbox asks to be contacted again: a ticked post lifts an earlier withdrawal. Needs consentText.',
  })
  @IsBoolean({ message: 'explicitOptIn must be true or false' })
  explicitOptIn = false;

  @Field({ defaultValue: 'website', description: 'The hidden input people leave empty and bots fill.' })
  @Transform(trim)
  @Matches(FIELD_NAME, { message: 'honeypotField must be an input name: a letter, then up to 63 letters, digits, _ or -' })
  honeypotField: string = 'website';

  @Field(() => Int, { defaultValue: 0, description: `Engagement points per submission, 0 to ${FORM_POINTS_MAX}.` })
  @IsInt({ message: 'scorePoints must be a whole number' })
  @Min(0, { message: 'scorePoints must be at least 0' })
  @Max(FORM_POINTS_MAX, { message: `scorePoints must be at most ${FORM_POINTS_MAX}` })
  scorePoints = 0;

  @Field(() => [String], { description: `Origins whose pages may post (https://www.example.com), at most ${ORIGINS_MAX}.` })
  @ArrayMaxSize(ORIGINS_MAX, { message: `allowedOrigins must have at most ${ORIGINS_MAX} entries` })
  @IsString({ each: true })
  @MaxLength(200, { each: true, message: 'each of allowedOrigins must be at most 200 characters' })
  allowedOrigins!: string[];

  @Field(() => String, { nullable: true, description: 'Where a browser goes after posting; else it is shown thankYouMessage.' })
  @IsOptional()
  @Transform(trimOrNull)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false }, { message: 'thankYouUrl must be an http(s) URL' })
  @MaxLength(2000, { message: 'thankYouUrl must be at most 2000 characters' })
  thankYouUrl?: string | null;

  @Field(() => String, { nullable: true })
  @TrimmedStringOrNull({ max: 1000 })
  thankYouMessage?: string | null;
}

@InputType({ description: "Replaces a form's definition; its key and submissions stay." })
export class UpdateWebFormInput extends CreateWebFormInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;
}

@ArgsType()
export class WebFormsArgs extends ConnectionArgs {}

@ArgsType()
export class FormSubmissionsArgs extends ConnectionArgs {}
