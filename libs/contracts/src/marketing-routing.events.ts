import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { Topics } from './topics';

const id = z.uuid();

/**
 * A qualified lead was given an owner by a routing rule (`teamId` when the rule picked among a
 * team's members). Sales answers it with a follow-up task for the owner.
 */
export const LeadAssigned = defineEvent({
  type: 'crm.marketing.lead.assigned.v1',
  topic: Topics.marketingLead,
  source: 'crm.marketing',
  schema: z.object({
    leadId: id,
    customerId: id.nullable(),
    email: z.string(),
    name: z.string(),
    company: z.string().nullable(),
    ownerId: id,
    ruleId: id,
    teamId: id.nullable(),
    assignedAt: z.iso.datetime({ offset: true }),
  }),
  subject: (d) => d.customerId ?? d.leadId,
});

export const MarketingRoutingEvents = [LeadAssigned];
