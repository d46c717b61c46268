import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { Topics } from './topics';

const id = z.uuid();

/**
 * A lead's score changed: fit from its attributes, engagement from what it did (decayed), and the
 * rules that gave this change's points. `qualified` is true on the change that crossed the MQL
 * threshold (the lead's move to QUALIFIED is its own lead.status-changed).
 */
export const LeadScored = defineEvent({
  type: 'crm.marketing.lead.scored.v1',
  topic: Topics.marketingLead,
  source: 'crm.marketing',
  schema: z.object({
    leadId: id,
    customerId: id.nullable(),
    email: z.string(),
    score: z.number().int(),
    previousScore: z.number().int(),
    fit: z.number().int(),
    engagement: z.number().int(),
    reason: z.string(),
    rules: z.array(z.object({ ruleId: id.nullable(), points: z.number().int() })),
    qualified: z.boolean(),
    scoredAt: z.iso.datetime({ offset: true }),
  }),
  subject: (d) => d.customerId ?? d.leadId,
});

export const MarketingScoringEvents = [LeadScored];
