import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { fieldChanges } from './field-changes';

/** Declared here rather than in topics.ts so the opportunity contracts stay in one file. */
export const SALES_OPPORTUNITY_TOPIC = 'crm.sales.opportunity.v1';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });
const day = z.iso.date();
/** Money on the wire: a decimal string, never a float, and its ISO 4217 currency. */
export const moneyPayload = z.object({ amount: z.string().regex(/^-?\d+(\.\d+)?$/), currency: z.string().length(3) });
const status = z.enum(['OPEN', 'WON', 'LOST']);

/** What every opportunity event carries, so a consumer needs no lookup to act on it. */
const opportunity = {
  opportunityId: id,
  customerId: id,
  name: z.string(),
  amount: moneyPayload,
  closeDate: day,
  ownerId: id.nullable(),
  partnerId: id.nullable(),
  pipelineId: id,
  stageId: id,
  status,
};

export const OpportunityCreated = defineEvent({
  type: 'crm.sales.opportunity.created.v1',
  topic: SALES_OPPORTUNITY_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...opportunity, createdAt: timestamp }),
  subject: (d) => d.customerId,
});

const decimal = z.string().regex(/^\d+(\.\d+)?$/);

/** A product on the deal (opportunity line), priced in the deal's currency, before tax. */
export const opportunityLinePayload = z.object({
  productId: id,
  quantity: decimal,
  unitPrice: moneyPayload,
  discountPercent: decimal,
  net: moneyPayload,
});

/**
 * `changed` names the fields that changed; `lines` (added later, so optional) is the deal's new set
 * of products when `changed` names `lines`. No longer published: sales publishes
 * OpportunityUpdatedV2; consumers read both, this one for the history on the topic.
 */
export const OpportunityUpdated = defineEvent({
  type: 'crm.sales.opportunity.updated.v1',
  topic: SALES_OPPORTUNITY_TOPIC,
  source: 'crm.sales',
  schema: z.object({
    ...opportunity,
    changed: z.array(z.string()),
    updatedAt: timestamp,
    lines: z.array(opportunityLinePayload).optional(),
  }),
  subject: (d) => d.customerId,
});

/**
 * OpportunityUpdated with what changed and who changed it: `changes` has the old and new value of
 * each of the deal's own fields that `changed` names; `lines` and `contacts` are named in `changed`
 * without values (the new lines are in `lines`). The rest is v1's, so a consumer of v1 reads this
 * one with the same handler.
 */
export const OpportunityUpdatedV2 = defineEvent({
  type: 'crm.sales.opportunity.updated.v2',
  topic: SALES_OPPORTUNITY_TOPIC,
  source: 'crm.sales',
  schema: z.object({
    ...opportunity,
    changed: z.array(z.string()),
    changes: fieldChanges,
    /** The user who made the change; null for the system. */
    updatedBy: id.nullable(),
    updatedAt: timestamp,
    lines: z.array(opportunityLinePayload).optional(),
  }),
  subject: (d) => d.customerId,
});

/** A move between stages, reopening included (then `fromStatus` is WON or LOST). */
export const OpportunityStageChanged = defineEvent({
  type: 'crm.sales.opportunity.stage-changed.v1',
  topic: SALES_OPPORTUNITY_TOPIC,
  source: 'crm.sales',
  schema: z.object({
    ...opportunity,
    fromStageId: id,
    fromStatus: status,
    changedBy: id.nullable(),
    changedAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

export const OpportunityWon = defineEvent({
  type: 'crm.sales.opportunity.won.v1',
  topic: SALES_OPPORTUNITY_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...opportunity, reason: z.string(), closedBy: id.nullable(), closedAt: timestamp }),
  subject: (d) => d.customerId,
});

export const OpportunityLost = defineEvent({
  type: 'crm.sales.opportunity.lost.v1',
  topic: SALES_OPPORTUNITY_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...opportunity, reason: z.string(), closedBy: id.nullable(), closedAt: timestamp }),
  subject: (d) => d.customerId,
});

export const OpportunityEvents = [
  OpportunityCreated,
  OpportunityUpdated,
  OpportunityUpdatedV2,
  OpportunityStageChanged,
  OpportunityWon,
  OpportunityLost,
];
