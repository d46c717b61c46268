import { ConnectionArgs } from '@crm/graphql';
import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsEnum, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { LeadSource, LeadStatus } from './lead.enums';

export const EMAIL_MAX = 254;
export const NAME_MAX = 200;
export const COMPANY_MAX = 200;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Emails are compared and stored lowercased and trimmed. */
export const normalizeEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
/** A blank optional text is the same as one not given. */
const trimOrNull = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
};
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

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
  @Transform(trim)
  @IsString()
  @Length(1, NAME_MAX, { message: `name must be 1 to ${NAME_MAX} characters` })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Blank or omitted keeps the company already known.' })
  @IsOptional()
  @Transform(trimOrNull)
  @IsString()
  @MaxLength(COMPANY_MAX, { message: `company must be at most ${COMPANY_MAX} characters` })
  company?: string | null;

  @Field(() => LeadSource)
  @IsEnum(LeadSource)
  source!: LeadSource;

  @Field(() => ID, {
    nullable: true,
    description: 'The customer the lead belongs to, one that exists in sales; omitted keeps the one already known.',
  })
  @IsOptional()
  @Transform(lower)
  @IsUUID('all', { message: 'customerId must be a UUID' })
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
  @Field(() => LeadFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LeadFilter)
  filter?: LeadFilter;

  @Field(() => LeadSort, { defaultValue: LeadSort.CREATED_AT_DESC })
  @IsEnum(LeadSort)
  sort: LeadSort = LeadSort.CREATED_AT_DESC;
}
