import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { moneyPayload, opportunityLinePayload, SALES_OPPORTUNITY_TOPIC } from './sales-opportunity.events';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

/**
 * A deal loaded from another CRM's history in one piece (importDeals): its state now, every stage
 * it went through with when, and its products. One event per deal rather than a created event and
 * one per move, so a bulk load of history writes one outbox row per deal; the CloudEvents time is
 * when the deal was created, each step carries its own time.
 */
export const OpportunityImported = defineEvent({
  type: 'crm.sales.opportunity.imported.v1',
  topic: SALES_OPPORTUNITY_TOPIC,
  source: 'crm.sales',
  schema: z.object({
    opportunityId: id,
    /** The id the deal had where it came from; a second import of it changes nothing. */
    externalId: z.string(),
    customerId: id,
    name: z.string(),
    amount: moneyPayload,
    closeDate: z.iso.date(),
    ownerId: id.nullable(),
    pipelineId: id,
    stageId: id,
    status: z.enum(['OPEN', 'WON', 'LOST']),
    closeReason: z.string().nullable(),
    createdAt: timestamp,
    closedAt: timestamp.nullable(),
    /** Every stage the deal was in, the first one (its creation) included, oldest first. */
    stages: z.array(z.object({ stageId: id, status: z.enum(['OPEN', 'WON', 'LOST']), at: timestamp })),
    lines: z.array(opportunityLinePayload),
  }),
  subject: (d) => d.customerId,
});

export const OpportunityImportEvents = [OpportunityImported];
