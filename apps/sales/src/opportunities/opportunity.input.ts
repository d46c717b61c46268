import { OwnedBy, OwnedByField } from '../users/owned-by';
import {
  ConnectionArgs,
  IsOptionalNotNull,
  MoneyInput,
  PARTNER_TAG,
  UuidInput,
  TrimmedString,
  UuidList,
  FilterArg,
  SortArg,
} from '@crm/graphql';
import { ArgsType, Directive, Field, ID, InputType, OmitType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsEnum, IsOptional, IsString, ValidateNested } from 'class-validator';
import { OccurredAtField } from '../history/occurred-at.input';
import { LINES_PER_QUOTE, QuoteLineInput } from '../quotes/quote.input';
import { LocalDate } from './local-date.scalar';
import { ContactRole, OpportunityStatus } from './opportunity.object';

const NAME_MAX = 200;
const REASON_MAX = 500;
export const CONTACTS_PER_OPPORTUNITY = 50;

@InputType()
export class OpportunityContactInput {
  @Field(() => ID)
  @UuidInput()
  contactId!: string;

  @Field(() => ContactRole, { defaultValue: ContactRole.OTHER })
  @IsEnum(ContactRole)
  role: ContactRole = ContactRole.OTHER;
}

@InputType()
export class CreateOpportunityInput {
  @Field(() => ID, {
    nullable: true,
    description: 'Mint the id to make the call idempotent: creating it again answers the existing opportunity.',
  })
  @UuidInput({ optional: true })
  id?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The account; omitted or null for a deal whose account is unknown, kept under the "Unassigned" account.',
  })
  @UuidInput({ optional: true })
  customerId?: string | null;

  @Field()
  @TrimmedString({ min: 1, max: NAME_MAX })
  name!: string;

  @Field(() => MoneyInput, { description: 'Not negative.' })
  @ValidateNested()
  @Type(() => MoneyInput)
  amount!: MoneyInput;

  @Field(() => LocalDate)
  @IsString()
  closeDate!: string;

  @Field(() => ID, { nullable: true, description: 'Defaults to the caller.' })
  @UuidInput({ optional: true })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  partnerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Defaults to the first pipeline (or the pipeline of `stageId`).' })
  @UuidInput({ optional: true })
  pipelineId?: string | null;

  @Field(() => ID, { nullable: true, description: "An open stage of the pipeline; defaults to the pipeline's first stage." })
  @UuidInput({ optional: true })
  stageId?: string | null;

  @Field(() => [OpportunityContactInput], { nullable: true, description: "Contacts of the opportunity's customer." })
  @IsOptional()
  @ArrayMaxSize(CONTACTS_PER_OPPORTUNITY, { message: `contacts must list at most ${CONTACTS_PER_OPPORTUNITY}` })
  @ValidateNested({ each: true })
  @Type(() => OpportunityContactInput)
  contacts?: OpportunityContactInput[];

  @OccurredAtField('the opportunity was created')
  occurredAt?: Date | null;
}

/**
 * The partner contract has only the fields tagged for partners: a partner renames its deal and
 * changes its amount and close date; the account, owner, partner and line-following are staff's
 * (the service refuses them from a partner token too, for a caller that reaches sales directly).
 */
@InputType()
export class UpdateOpportunityInput {
  @Directive(PARTNER_TAG)
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Directive(PARTNER_TAG)
  @Field(() => String, { nullable: true })
  @TrimmedString({ min: 1, max: NAME_MAX, optional: 'not-null' })
  name?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Files a deal without an account under its account, once known. Other deals move by merging customers.',
  })
  @UuidInput({ optional: 'not-null' })
  customerId?: string;

  @Directive(PARTNER_TAG)
  @Field(() => MoneyInput, { nullable: true })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => MoneyInput)
  amount?: MoneyInput;

  @Directive(PARTNER_TAG)
  @Field(() => LocalDate, { nullable: true })
  @IsOptionalNotNull()
  @IsString()
  closeDate?: string;

  @Field(() => ID, { nullable: true, description: 'null clears the owner.' })
  @UuidInput({ optional: true })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'null clears the partner.' })
  @UuidInput({ optional: true })
  partnerId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: the amount follows the lines again (their sum, now and whenever they change) after it was set by hand.',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  amountFollowsLines?: boolean;
}

/** A product on the deal: a quote line without tax (tax belongs to a quote). */
@InputType()
export class OpportunityLineInput extends OmitType(QuoteLineInput, ['taxPercent'] as const, InputType) {}

@InputType()
export class SetOpportunityLinesInput {
  @Field(() => ID)
  @UuidInput()
  opportunityId!: string;

  @Field(() => ID, { nullable: true, description: 'Where unit prices come from when a line gives none.' })
  @UuidInput({ optional: true })
  priceBookId?: string;

  @Field(() => [OpportunityLineInput], { description: "Replaces the lines; priced in the opportunity's currency. Empty removes them." })
  @ArrayMaxSize(LINES_PER_QUOTE, { message: `lines must list at most ${LINES_PER_QUOTE}` })
  @ValidateNested({ each: true })
  @Type(() => OpportunityLineInput)
  lines!: OpportunityLineInput[];
}

@InputType()
export class SetOpportunityContactsInput {
  @Field(() => ID)
  @UuidInput()
  opportunityId!: string;

  @Field(() => [OpportunityContactInput], { description: 'Replaces the list; contacts of the same customer.' })
  @ArrayMaxSize(CONTACTS_PER_OPPORTUNITY, { message: `contacts must list at most ${CONTACTS_PER_OPPORTUNITY}` })
  @ValidateNested({ each: true })
  @Type(() => OpportunityContactInput)
  contacts!: OpportunityContactInput[];
}

@InputType()
export class ChangeOpportunityStageInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field(() => ID, { description: "An open stage of the opportunity's pipeline." })
  @UuidInput()
  stageId!: string;

  @OccurredAtField('the stage changed')
  occurredAt?: Date | null;
}

@InputType()
export class CloseOpportunityInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field()
  @TrimmedString({ min: 1, max: REASON_MAX })
  reason!: string;

  @OccurredAtField('it was won or lost')
  occurredAt?: Date | null;
}

@InputType()
export class ReopenOpportunityInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field(() => ID, { nullable: true, description: 'The open stage to reopen in; defaults to the stage it was closed from.' })
  @UuidInput({ optional: true })
  stageId?: string;

  @OccurredAtField('it was reopened')
  occurredAt?: Date | null;
}

export enum OpportunitySort {
  CREATED_AT_DESC = 'CREATED_AT_DESC',
  AMOUNT_DESC = 'AMOUNT_DESC',
  AMOUNT_ASC = 'AMOUNT_ASC',
  CLOSE_DATE_ASC = 'CLOSE_DATE_ASC',
}

registerEnumType(OpportunitySort, {
  name: 'OpportunitySort',
  description: 'Amounts sort by their number whatever the currency: filter by currency-consistent owners or pipelines as needed.',
});

@InputType()
export class OpportunityFilter {
  @Field(() => [ID], { nullable: true, description: 'Owned by any of these users.' })
  @UuidList({ max: 100, optional: true })
  ownerIds?: string[];

  @OwnedByField()
  ownedBy?: OwnedBy;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  pipelineId?: string;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  stageId?: string;

  @Field(() => OpportunityStatus, { nullable: true })
  @IsOptional()
  @IsEnum(OpportunityStatus)
  status?: OpportunityStatus;

  @Field(() => LocalDate, { nullable: true, description: 'Close date on or after this day.' })
  @IsOptional()
  @IsString()
  closeDateFrom?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Close date on or before this day.' })
  @IsOptional()
  @IsString()
  closeDateTo?: string;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  partnerId?: string;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  customerId?: string;

  @Field(() => Boolean, { nullable: true, description: 'true: only deals without an account; false: only those with one.' })
  @IsOptional()
  @IsBoolean()
  unassigned?: boolean;
}

@ArgsType()
export class OpportunitiesArgs extends ConnectionArgs {
  @FilterArg(() => OpportunityFilter)
  filter?: OpportunityFilter;

  @SortArg(OpportunitySort, OpportunitySort.CREATED_AT_DESC)
  sort: OpportunitySort = OpportunitySort.CREATED_AT_DESC;
}
