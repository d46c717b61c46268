import { z } from 'zod';
import { defineEvent } from './cloud-event';

/** Declared here rather than in topics.ts so the loyalty contracts stay in one file. */
export const MARKETING_LOYALTY_TOPIC = 'crm.marketing.loyalty.v1';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

export const loyaltyEntryKind = z.enum(['WON_REVENUE', 'EVENT_ATTENDED', 'AWARD', 'REDEMPTION', 'EXPIRY']);

/**
 * One entry of a customer's loyalty ledger: points earned (won revenue, an event attended, a manual
 * award) or spent (a redemption, an expiry, negative). `balance` is the ledger's sum after it.
 */
export const LoyaltyPointsChanged = defineEvent({
  type: 'crm.marketing.loyalty.points-changed.v1',
  topic: MARKETING_LOYALTY_TOPIC,
  source: 'crm.marketing',
  schema: z.object({
    entryId: id,
    customerId: id,
    kind: loyaltyEntryKind,
    points: z.number().int(),
    balance: z.number().int().min(0),
    reason: z.string().nullable(),
    occurredAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

/** The customer's tier moved (up or down), by the points it earned over the programme's rolling period. */
export const LoyaltyTierChanged = defineEvent({
  type: 'crm.marketing.loyalty.tier-changed.v1',
  topic: MARKETING_LOYALTY_TOPIC,
  source: 'crm.marketing',
  schema: z.object({
    customerId: id,
    from: z.string().nullable(),
    to: z.string().nullable(),
    periodPoints: z.number().int(),
    changedAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

export const MarketingLoyaltyEvents = [LoyaltyPointsChanged, LoyaltyTierChanged];
