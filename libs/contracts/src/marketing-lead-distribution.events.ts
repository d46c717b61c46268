import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { Topics } from './topics';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

/** The sales regions a lead may be routed by when its country alone does not say enough (partners' territories name them too). */
export const LEAD_ROUTING_REGIONS = ['EMEA', 'AMER', 'APAC', 'LATAM'] as const;

/**
 * Marketing hands a qualified lead to the partner channel: partners offers it to one partner at a
 * time by its distribution rules. It carries what the rules match on (country, region, product)
 * and what a partner may see before accepting; never the person's contact details, which only
 * the accepting partner reads, in marketing. Keyed by the lead, so its offers follow in order.
 */
export const LeadRoutedToPartners = defineEvent({
  type: 'crm.marketing.lead-distribution.routed.v1',
  topic: Topics.marketingLeadDistribution,
  source: 'crm.marketing',
  schema: z.object({
    leadId: id,
    customerId: id.nullable(),
    company: z.string().nullable(),
    /** ISO 3166-1 alpha-2, upper case. */
    country: z.string().length(2).nullable(),
    region: z.enum(LEAD_ROUTING_REGIONS).nullable(),
    productId: id.nullable(),
    industry: z.string().nullable(),
    employeeCount: z.number().int().nullable(),
    routedBy: id.nullable(),
    routedAt: timestamp,
  }),
  subject: (d) => d.leadId,
});

export const MarketingLeadDistributionEvents = [LeadRoutedToPartners];
