import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { Topics } from './topics';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

/** What every offer event says: the offer, its lead and partner, and the lead's customer when marketing knew it (the timeline's key). */
const offerRef = { offerId: id, leadId: id, partnerId: id, customerId: id.nullable(), company: z.string().nullable() };
/** Keyed by the lead: one lead's offers stay in order. */
const subject = (d: { leadId: string }): string => d.leadId;

/** A routed lead was offered to one partner, chosen by `ruleId`; it answers by `expiresAt` or the lead moves on. */
export const LeadOffered = defineEvent({
  type: 'crm.partners.lead-offer.offered.v1',
  topic: Topics.partnersLeadOffer,
  source: 'crm.partners',
  schema: z.object({ ...offerRef, ruleId: id, offeredAt: timestamp, expiresAt: timestamp }),
  subject,
});

/** The partner took the lead: marketing makes it readable by that partner (and no other). */
export const LeadOfferAccepted = defineEvent({
  type: 'crm.partners.lead-offer.accepted.v1',
  topic: Topics.partnersLeadOffer,
  source: 'crm.partners',
  schema: z.object({ ...offerRef, acceptedBy: id.nullable(), acceptedAt: timestamp }),
  subject,
});

/** The partner turned the lead down; it is never offered to that partner again. */
export const LeadOfferDeclined = defineEvent({
  type: 'crm.partners.lead-offer.declined.v1',
  topic: Topics.partnersLeadOffer,
  source: 'crm.partners',
  schema: z.object({ ...offerRef, reason: z.string().nullable(), declinedAt: timestamp }),
  subject,
});

/** The partner did not answer in time; it is never offered that lead again. */
export const LeadOfferExpired = defineEvent({
  type: 'crm.partners.lead-offer.expired.v1',
  topic: Topics.partnersLeadOffer,
  source: 'crm.partners',
  schema: z.object({ ...offerRef, expiredAt: timestamp }),
  subject,
});

/** A rule as its events describe it: which leads it takes, which partners it offers them to, how many and for how long. */
const rule = {
  ruleId: id,
  name: z.string(),
  /** Lower first. */
  priority: z.number().int(),
  /** Country and region codes; empty takes every lead. */
  territory: z.array(z.string()),
  minimumTier: z.string(),
  productId: id.nullable(),
  capacity: z.number().int().positive(),
  acceptWithinSeconds: z.number().int().positive(),
  active: z.boolean(),
};

/** The channel team added a distribution rule: it takes the next routed leads, and the UNASSIGNED ones it covers. On the lead-offer topic, as plans are on the commission one. */
export const LeadDistributionRuleCreated = defineEvent({
  type: 'crm.partners.lead-distribution-rule.created.v1',
  topic: Topics.partnersLeadOffer,
  source: 'crm.partners',
  schema: z.object({ ...rule, createdBy: id.nullable(), createdAt: timestamp }),
  subject: (d) => d.ruleId,
});

/** The channel team turned a rule on (it takes the UNASSIGNED leads it covers again) or off (it offers no more leads). */
export const LeadDistributionRuleActiveChanged = defineEvent({
  type: 'crm.partners.lead-distribution-rule.active-changed.v1',
  topic: Topics.partnersLeadOffer,
  source: 'crm.partners',
  schema: z.object({ ruleId: id, name: z.string(), active: z.boolean(), changedBy: id.nullable(), changedAt: timestamp }),
  subject: (d) => d.ruleId,
});

export const LeadOfferEvents = [
  LeadOffered,
  LeadOfferAccepted,
  LeadOfferDeclined,
  LeadOfferExpired,
  LeadDistributionRuleCreated,
  LeadDistributionRuleActiveChanged,
];
