import { Connection, PORTAL_TAG } from '@crm/graphql';
import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { CaseEntity } from './case.entity';
import { CaseChannel, CasePriority, CaseStatus, CaseType } from './case.enums';

/** GraphQL `Case`; the class has another name because `case` is a keyword almost everywhere. */
@ObjectType('Case', { description: 'A customer support case: a request, an incident, a complaint or a return.' })
// A key so sales can add `notes` and analytics' search hits resolve here.
@Directive('@key(fields: "id")')
export class SupportCase {
  @Directive(PORTAL_TAG)
  @Field(() => ID)
  id!: string;

  @Directive(PORTAL_TAG)
  @Field(() => ID)
  customerId!: string;

  @Directive(PORTAL_TAG)
  @Field()
  subject!: string;

  @Directive(PORTAL_TAG)
  @Field(() => String, { nullable: true })
  description!: string | null;

  @Directive(PORTAL_TAG)
  @Field(() => CaseType)
  type!: CaseType;

  @Directive(PORTAL_TAG)
  @Field(() => CaseChannel)
  channel!: CaseChannel;

  @Directive(PORTAL_TAG)
  @Field(() => CasePriority)
  priority!: CasePriority;

  @Directive(PORTAL_TAG)
  @Field(() => CaseStatus)
  status!: CaseStatus;

  @Directive(PORTAL_TAG)
  @Field(() => ID, { nullable: true, description: 'The sales product the case is about.' })
  productId!: string | null;

  @Directive(PORTAL_TAG)
  @Field(() => ID, { nullable: true, description: "The customer's contact who raised it." })
  contactId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The queue it was routed or moved to.' })
  queueId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The user working on it.' })
  assigneeId!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "Its customer's tier when it was opened (1 the top; null: none): what routing and its SLA policy matched on.",
  })
  customerTier!: number | null;

  @Field(() => ID, { nullable: true, description: 'The case this one was merged into as a duplicate; null unless it was.' })
  mergedIntoId!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the first reply to the customer is due by the SLA policy; null without one.' })
  firstResponseDueAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When resolution is due by the SLA policy; moves on after the case waited on the customer.',
  })
  resolutionDueAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'The first reply to the customer.' })
  firstRespondedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the first-response target was missed; null while it was not.' })
  firstResponseBreachedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the resolution target was missed; null while it was not.' })
  resolutionBreachedAt!: Date | null;

  @Field(() => Int, { description: 'Raised by one for every missed SLA target.' })
  escalationLevel!: number;

  @Directive(PORTAL_TAG)
  @Field()
  openedAt!: Date;

  @Directive(PORTAL_TAG)
  @Field()
  updatedAt!: Date;

  @Directive(PORTAL_TAG)
  @Field(() => Date, { nullable: true, description: 'When the case was closed; null while it is not CLOSED (cleared on reopen).' })
  closedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When work on the case ended (it moved to RESOLVED or CLOSED); null while it is open, cleared on reopen.',
  })
  resolvedAt!: Date | null;
}

@ObjectType()
export class CaseConnection extends Connection(SupportCase, 'Case') {}

export function toCase(e: CaseEntity): SupportCase {
  return {
    id: e.id,
    customerId: e.customerId,
    subject: e.subject,
    description: e.description,
    type: e.type,
    channel: e.channel,
    priority: e.priority,
    status: e.status,
    productId: e.productId,
    contactId: e.contactId,
    queueId: e.queueId,
    assigneeId: e.assigneeId,
    customerTier: e.customerTier,
    mergedIntoId: e.mergedIntoId,
    firstResponseDueAt: e.firstResponseDueAt,
    resolutionDueAt: e.resolutionDueAt,
    firstRespondedAt: e.firstRespondedAt,
    firstResponseBreachedAt: e.firstResponseBreachedAt,
    resolutionBreachedAt: e.resolutionBreachedAt,
    escalationLevel: e.escalationLevel,
    openedAt: e.openedAt,
    updatedAt: e.updatedAt,
    closedAt: e.closedAt,
    resolvedAt: e.resolvedAt,
  };
}
