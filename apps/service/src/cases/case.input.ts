import { OccurredAtField } from '@crm/auth';
import { ConnectionArgs, IsOptionalNotNull, UuidInput, TrimmedString, FilterArg, SortArg, PORTAL_TAG } from '@crm/graphql';
import { ArgsType, Directive, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { CaseChannel, CasePriority, CaseStatus, CaseType } from './case.enums';

export const SUBJECT_MAX = 200;
export const DESCRIPTION_MAX = 10_000;
export const MESSAGE_MAX = 10_000;

// The portal's contract has what a customer may say about its case; the queue, the agent and a back-dated
// opening are the service desk's (tagging some fields leaves the others out of the contract).
@InputType()
export class OpenCaseInput {
  @Directive(PORTAL_TAG)
  @Field(() => ID, { description: 'The customer the case is about: one that exists in sales.' })
  @UuidInput()
  customerId!: string;

  @Directive(PORTAL_TAG)
  @Field()
  @TrimmedString({ min: 1, max: SUBJECT_MAX })
  subject!: string;

  @Directive(PORTAL_TAG)
  @Field(() => String, { nullable: true })
  @TrimmedString({ max: DESCRIPTION_MAX, optional: true })
  description?: string | null;

  @Directive(PORTAL_TAG)
  @Field(() => CaseType, { defaultValue: CaseType.REQUEST })
  @IsEnum(CaseType)
  type: CaseType = CaseType.REQUEST;

  @Directive(PORTAL_TAG)
  @Field(() => CaseChannel, { defaultValue: CaseChannel.WEB })
  @IsEnum(CaseChannel)
  channel: CaseChannel = CaseChannel.WEB;

  @Directive(PORTAL_TAG)
  @Field(() => CasePriority)
  @IsEnum(CasePriority)
  priority!: CasePriority;

  @Directive(PORTAL_TAG)
  @Field(() => ID, { nullable: true, description: 'The product the case is about: one sales has.' })
  @UuidInput({ optional: true })
  productId?: string | null;

  @Directive(PORTAL_TAG)
  @Field(() => ID, { nullable: true, description: "The customer's contact who raised it." })
  @UuidInput({ optional: true })
  contactId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The queue it goes to; left out, the routing rules pick one.' })
  @UuidInput({ optional: true })
  queueId?: string | null;

  @Field(() => ID, { nullable: true, description: "The user who works on it; left out, the queue's routing picks one." })
  @UuidInput({ optional: true })
  assigneeId?: string | null;

  // Cases moved over from another help desk keep their opening time, and their SLA due times are
  // counted from it as they would have been.
  @OccurredAtField('the case opening')
  occurredAt?: Date | null;
}

/** Only what is given changes; null clears a nullable field and is refused on the others. */
@InputType()
export class UpdateCaseInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field(() => String, { nullable: true, description: 'Cannot be null.' })
  @TrimmedString({ min: 1, max: SUBJECT_MAX, optional: 'not-null' })
  subject?: string;

  @Field(() => String, { nullable: true, description: 'null clears it.' })
  @TrimmedString({ max: DESCRIPTION_MAX, optional: true })
  description?: string | null;

  @Field(() => CaseType, { nullable: true, description: 'Cannot be null.' })
  @IsOptionalNotNull()
  @IsEnum(CaseType)
  type?: CaseType;

  @Field(() => CaseChannel, { nullable: true, description: 'Cannot be null.' })
  @IsOptionalNotNull()
  @IsEnum(CaseChannel)
  channel?: CaseChannel;

  @Field(() => CasePriority, { nullable: true, description: 'Cannot be null.' })
  @IsOptionalNotNull()
  @IsEnum(CasePriority)
  priority?: CasePriority;

  @Field(() => ID, { nullable: true, description: 'A product sales has; null clears it.' })
  @UuidInput({ optional: true })
  productId?: string | null;

  @Field(() => ID, { nullable: true, description: 'null clears it.' })
  @UuidInput({ optional: true })
  contactId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Moves the case to another queue (its assignee stays); null takes it out of any.' })
  @UuidInput({ optional: true })
  queueId?: string | null;

  @Field(() => ID, { nullable: true, description: 'null unassigns the case.' })
  @UuidInput({ optional: true })
  assigneeId?: string | null;
}

// A customer replies on its case; an internal note is the service desk's, so `internal` is left out
// of the portal's contract (and refused from a customer token that reaches service directly).
@InputType()
export class PostCaseMessageInput {
  @Directive(PORTAL_TAG)
  @Field(() => ID)
  @UuidInput()
  caseId!: string;

  @Directive(PORTAL_TAG)
  @Field()
  @TrimmedString({ min: 1, max: MESSAGE_MAX })
  body!: string;

  @Field({ defaultValue: false, description: 'true for an internal note the customer never sees; false for a reply to the customer.' })
  @IsBoolean()
  internal: boolean = false;
}

@InputType()
export class RelateCasesInput {
  @Field(() => ID)
  @UuidInput()
  caseId!: string;

  @Field(() => ID)
  @UuidInput()
  relatedCaseId!: string;
}

@InputType()
export class MergeCasesInput {
  @Field(() => ID, { description: 'The duplicate: it is CLOSED and its thread and relations move to `intoId`.' })
  @UuidInput()
  duplicateId!: string;

  @Field(() => ID, { description: 'The case that lives on, of the same customer.' })
  @UuidInput()
  intoId!: string;
}

@ArgsType()
export class CaseThreadArgs extends ConnectionArgs {
  @Field(() => ID)
  @UuidInput()
  caseId!: string;
}

@InputType()
export class ChangeCaseStatusInput {
  @Field(() => ID)
  @UuidInput()
  caseId!: string;

  @Field(() => CaseStatus)
  @IsEnum(CaseStatus)
  status!: CaseStatus;
}

export enum CaseSort {
  OPENED_AT_DESC = 'OPENED_AT_DESC',
  PRIORITY_DESC = 'PRIORITY_DESC',
}

registerEnumType(CaseSort, {
  name: 'CaseSort',
  valuesMap: {
    OPENED_AT_DESC: { description: 'Newest first.' },
    PRIORITY_DESC: { description: 'Most urgent first, then newest first.' },
  },
});

/** "My cases": the caller's own, or also the unassigned and assigned cases of the queues the caller works. */
export enum CaseAssignee {
  ME = 'ME',
  MY_QUEUES = 'MY_QUEUES',
}

registerEnumType(CaseAssignee, {
  name: 'CaseAssignee',
  valuesMap: {
    ME: { description: 'Assigned to the caller.' },
    MY_QUEUES: { description: 'Assigned to the caller, or in a queue the caller is a member of (whoever works it).' },
  },
});

// A customer filters its own cases by what it knows of them, never by the queue or the agent working them.
@InputType()
export class CaseFilter {
  @Directive(PORTAL_TAG)
  @Field(() => CaseStatus, { nullable: true })
  @IsOptional()
  @IsEnum(CaseStatus)
  status?: CaseStatus;

  @Directive(PORTAL_TAG)
  @Field(() => CasePriority, { nullable: true })
  @IsOptional()
  @IsEnum(CasePriority)
  priority?: CasePriority;

  @Directive(PORTAL_TAG)
  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  customerId?: string;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  assigneeId?: string;

  @Field(() => CaseAssignee, { nullable: true, description: '"My cases", relative to the caller; combines with the other filters.' })
  @IsOptional()
  @IsEnum(CaseAssignee, { message: 'assignee must be ME or MY_QUEUES' })
  assignee?: CaseAssignee;

  @Directive(PORTAL_TAG)
  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  productId?: string;

  @Field(() => ID, { nullable: true })
  @UuidInput({ optional: true })
  queueId?: string;

  @Directive(PORTAL_TAG)
  @Field(() => CaseChannel, { nullable: true })
  @IsOptional()
  @IsEnum(CaseChannel)
  channel?: CaseChannel;

  @Directive(PORTAL_TAG)
  @Field(() => CaseType, { nullable: true })
  @IsOptional()
  @IsEnum(CaseType)
  type?: CaseType;
}

@ArgsType()
export class CasesArgs extends ConnectionArgs {
  @FilterArg(() => CaseFilter)
  filter?: CaseFilter;

  @SortArg(CaseSort, CaseSort.OPENED_AT_DESC)
  sort: CaseSort = CaseSort.OPENED_AT_DESC;
}
