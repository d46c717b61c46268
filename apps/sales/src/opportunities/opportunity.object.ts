import { Connection, Money, PARTNER_TAG } from '@crm/graphql';
import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Contact } from '../customers/contact.object';
import { PricedLine } from '../products/priced-line.object';
import { isUnassigned } from '../customers/unassigned-account.service';
import { LocalDate } from './local-date.scalar';
import { formatAmount } from './money-amount';
import { ContactRole, OpportunityStatus } from './opportunity.enums';
import type { OpportunityStageChangeEntity } from './opportunity-stage-change.entity';
import type { OpportunityEntity } from './opportunity.entity';
import type { OpportunityFilter } from './opportunity.input';

/**
 * An entity (`_entities` resolves it, scoped to the caller's partner like every other read). The
 * partner contract keeps the key and the fields tagged below; owner, pipeline and history stay internal.
 */
@ObjectType({ description: 'A potential sale to a customer, moving through the stages of a pipeline.' })
@Directive('@key(fields: "id")')
export class Opportunity {
  @Field(() => ID)
  id!: string;

  @Directive(PARTNER_TAG)
  @Field(() => ID)
  customerId!: string;

  @Directive(PARTNER_TAG)
  @Field()
  name!: string;

  @Field({ description: 'A deal whose account is unknown: its customer is the "Unassigned" account.' })
  unassigned!: boolean;

  @Directive(PARTNER_TAG)
  @Field(() => Money, { description: 'Expected value; set from the accepted quote once there is one.' })
  amount!: Money;

  @Directive(PARTNER_TAG)
  @Field(() => LocalDate, { description: 'Expected (or, once closed, actual) close date.' })
  closeDate!: string;

  @Field(() => ID, { nullable: true, description: 'The user who owns the deal.' })
  ownerId!: string | null;

  @Directive(PARTNER_TAG)
  @Field(() => ID, { nullable: true, description: 'The partner (reseller, affiliate) who brought the deal, if any.' })
  partnerId!: string | null;

  @Field(() => ID)
  pipelineId!: string;

  @Field(() => ID)
  stageId!: string;

  @Directive(PARTNER_TAG)
  @Field(() => OpportunityStatus)
  status!: OpportunityStatus;

  @Directive(PARTNER_TAG)
  @Field(() => String, { nullable: true, description: 'Why it was won or lost; null while open.' })
  closeReason!: string | null;

  @Directive(PARTNER_TAG)
  @Field(() => Date, { nullable: true, description: 'When it was won or lost; null while open.' })
  closedAt!: Date | null;

  @Field({ description: 'Whether the amount was set by hand; while false it follows the lines (their sum), once there are lines.' })
  amountSetByHand!: boolean;

  @Directive(PARTNER_TAG)
  @Field()
  createdAt!: Date;

  @Directive(PARTNER_TAG)
  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class OpportunityConnection extends Connection(Opportunity) {
  /** The filter of the page, for `totalCount`; not a GraphQL field. */
  filter?: OpportunityFilter;
}

@ObjectType({ description: 'A contact involved in an opportunity, with the part it plays.' })
export class OpportunityContact {
  @Field(() => ContactRole)
  role!: ContactRole;

  @Field(() => Contact)
  contact!: Contact;
}

@ObjectType({ description: 'One move of an opportunity between stages; the first entry is its creation.' })
export class OpportunityStageChange {
  @Field(() => ID, { nullable: true, description: 'Null for the entry that records the creation.' })
  fromStageId!: string | null;

  @Field(() => ID)
  toStageId!: string;

  @Field(() => OpportunityStatus, { nullable: true })
  fromStatus!: OpportunityStatus | null;

  @Field(() => OpportunityStatus)
  toStatus!: OpportunityStatus;

  @Field(() => ID, { nullable: true, description: 'Who made the move; null when unknown.' })
  changedBy!: string | null;

  @Field()
  changedAt!: Date;
}

export function toOpportunity(e: OpportunityEntity): Opportunity {
  return {
    id: e.id,
    customerId: e.customerId,
    name: e.name,
    unassigned: isUnassigned(e.customerId),
    amount: { amount: formatAmount(e.amount, e.currency), currency: e.currency },
    closeDate: e.closeDate,
    ownerId: e.ownerId,
    partnerId: e.partnerId,
    pipelineId: e.pipelineId,
    stageId: e.stageId,
    status: e.status,
    closeReason: e.closeReason,
    closedAt: e.closedAt,
    amountSetByHand: e.amountSetByHand,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

@ObjectType({ description: 'A product on the deal, independent of quotes; an accepted quote replaces them.' })
export class OpportunityLine extends PricedLine {}

export function toStageChange(e: OpportunityStageChangeEntity): OpportunityStageChange {
  return {
    fromStageId: e.fromStageId,
    toStageId: e.toStageId,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    changedBy: e.changedBy,
    changedAt: e.changedAt,
  };
}

export { ContactRole, OpportunityStatus };
