import {
  CONTACT_POINTS_MAX,
  ConnectionArgs,
  ContactEmailInput,
  ContactPhoneInput,
  ContactPointsField,
  IsOptionalNotNull,
  UuidInput,
  TrimmedString,
  TrimmedStringOrNull,
  FilterArg,
  SortArg,
} from '@crm/graphql';
import { upper } from '../common/input-transforms';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
  IsEnum,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { LeadSource, LeadStatus } from './lead.enums';

export const EMAIL_MAX = 254;
export const NAME_MAX = 200;
export const COMPANY_MAX = 200;

/** Emails are compared and stored lowercased and trimmed. */
export const normalizeEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
/** Tags compare lower-cased and trimmed; the same tag twice is one tag. */
const tagList = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? [...new Set(value.map((t: unknown) => (typeof t === 'string' ? t.trim().toLowerCase() : t)))] : value;

export const TAGS_MAX = 20;
export const EMPLOYEES_MAX = 10_000_000;

@InputType({
  description:
    'A lead from a form, an event or an import. Capturing an email that is already a lead updates that lead: the name and source are replaced, the company and customerId only when given.',
})
export class CaptureLeadInput {
  @Field()
  @Transform(normalizeEmail)
  @IsString()
  @MaxLength(EMAIL_MAX, { message: `email must be at most ${EMAIL_MAX} characters` })
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @Field()
  @TrimmedString({ min: 1, max: NAME_MAX })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Blank or omitted keeps the company already known.' })
  @TrimmedStringOrNull({ max: COMPANY_MAX })
  company?: string | null;

  @Field(() => LeadSource)
  @IsEnum(LeadSource)
  source!: LeadSource;

  @Field(() => ID, {
    nullable: true,
    description: 'The customer the lead belongs to, one that exists in sales; omitted keeps the one already known.',
  })
  @UuidInput({ optional: true })
  customerId?: string | null;
}

export enum LeadSort {
  CREATED_AT_DESC = 'CREATED_AT_DESC',
  EMAIL_ASC = 'EMAIL_ASC',
}

registerEnumType(LeadSort, { name: 'LeadSort', description: 'Newest first, or by email address.' });

@InputType()
export class LeadFilter {
  @Field(() => LeadStatus, { nullable: true })
  @IsOptional()
  @IsEnum(LeadStatus)
  status?: LeadStatus;

  @Field(() => LeadSource, { nullable: true })
  @IsOptional()
  @IsEnum(LeadSource)
  source?: LeadSource;

  @Field(() => String, { nullable: true, description: 'Case-insensitive part of the email address.' })
  @IsOptional()
  @Transform(normalizeEmail)
  @IsString()
  @Length(1, EMAIL_MAX, { message: `emailContains must be 1 to ${EMAIL_MAX} characters` })
  emailContains?: string;
}

@ArgsType()
export class LeadsArgs extends ConnectionArgs {
  @FilterArg(() => LeadFilter)
  filter?: LeadFilter;

  @SortArg(LeadSort, LeadSort.CREATED_AT_DESC)
  sort: LeadSort = LeadSort.CREATED_AT_DESC;
}

@InputType({ description: 'Where a lead came from, in more detail than its source.' })
export class LeadSourceDetailInput {
  @Field(() => ID, { nullable: true, description: 'The web form it came through.' })
  @UuidInput({ optional: true, label: 'sourceDetail.formId' })
  formId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The campaign that brought it.' })
  @UuidInput({ optional: true, label: 'sourceDetail.campaignId' })
  campaignId?: string | null;

  @Field(() => String, { nullable: true, description: 'Who or what referred it.' })
  @TrimmedStringOrNull({ max: 200, label: 'sourceDetail.referral' })
  referral?: string | null;
}

@InputType({ description: 'Changes a lead. An omitted field keeps its value; null clears a field that may be empty.' })
export class UpdateLeadInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field(() => String, { nullable: true })
  @TrimmedString({ min: 1, max: NAME_MAX, optional: 'not-null' })
  name?: string;

  @Field(() => String, { nullable: true })
  @TrimmedStringOrNull({ max: COMPANY_MAX })
  company?: string | null;

  @Field(() => ID, { nullable: true, description: 'The user who works the lead; null unassigns it.' })
  @UuidInput({ optional: true })
  ownerId?: string | null;

  @Field(() => [ContactEmailInput], {
    nullable: true,
    description: `Replaces every email, 1 to ${CONTACT_POINTS_MAX}; the primary one becomes the lead's email.`,
  })
  @IsOptionalNotNull()
  @ArrayMinSize(1, { message: 'emails must keep at least one address' })
  @ArrayMaxSize(CONTACT_POINTS_MAX, { message: `emails must have at most ${CONTACT_POINTS_MAX} entries` })
  @ValidateNested({ each: true })
  @Type(() => ContactEmailInput)
  emails?: ContactEmailInput[];

  @ContactPointsField(ContactPhoneInput, 'Replaces every phone; [] or null removes them all.')
  phones?: ContactPhoneInput[] | null;

  @Field(() => String, { nullable: true })
  @TrimmedStringOrNull({ max: 100 })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code, e.g. DE.' })
  @IsOptional()
  @Transform(upper)
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 country code' })
  country?: string | null;

  @Field(() => String, { nullable: true })
  @TrimmedStringOrNull({ max: 100 })
  industry?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt({ message: 'employeeCount must be a whole number' })
  @Min(1, { message: 'employeeCount must be at least 1' })
  @Max(EMPLOYEES_MAX, { message: `employeeCount must be at most ${EMPLOYEES_MAX}` })
  employeeCount?: number | null;

  @Field(() => LeadSourceDetailInput, { nullable: true, description: 'Replaces the source detail; null clears it.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LeadSourceDetailInput)
  sourceDetail?: LeadSourceDetailInput | null;

  @Field(() => [String], { nullable: true, description: `Replaces the tags, at most ${TAGS_MAX}; [] or null removes them all.` })
  @IsOptional()
  @Transform(tagList)
  @ArrayMaxSize(TAGS_MAX, { message: `tags must have at most ${TAGS_MAX} entries` })
  @IsString({ each: true })
  @Length(1, 50, { each: true, message: 'each tag must be 1 to 50 characters' })
  @Matches(/^[^,\s][^,]*$/, { each: true, message: 'a tag may not contain a comma' })
  tags?: string[] | null;
}

@InputType({ description: 'Moves a lead to another status; the move is kept in its status history.' })
export class ChangeLeadStatusInput {
  @Field(() => ID)
  @UuidInput()
  leadId!: string;

  @Field(() => LeadStatus, { description: 'CONTACTED, QUALIFIED, UNQUALIFIED or RECYCLED; CONVERTED is convertLead.' })
  @IsEnum(LeadStatus)
  status!: LeadStatus;

  @Field(() => String, { nullable: true, description: 'Required for UNQUALIFIED: why the lead is not a prospect.' })
  @TrimmedStringOrNull({ max: 500 })
  reason?: string | null;
}

@InputType({
  description:
    "Merges a duplicate lead into another: the survivor keeps its values, fills its empty ones from the duplicate, gains the duplicate's emails, phones, tags and status history, and the duplicate is deleted.",
})
export class MergeLeadsInput {
  @Field(() => ID)
  @UuidInput()
  survivorId!: string;

  @Field(() => ID)
  @UuidInput()
  duplicateId!: string;
}

@ArgsType()
export class LeadStatusHistoryArgs extends ConnectionArgs {}
