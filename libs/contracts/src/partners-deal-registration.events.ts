import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { Topics } from './topics';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });
const money = z.object({ amount: z.string().regex(/^\d{1,15}(\.\d{1,4})?$/), currency: z.string().length(3) });

/** A partner registered a deal; approval (DealRegistrationApproved) or rejection follows. Keyed by the registration: it has no customer yet. */
export const DealRegistrationSubmitted = defineEvent({
  type: 'crm.partners.deal-registration.submitted.v1',
  topic: Topics.partnersDealRegistration,
  source: 'crm.partners',
  schema: z.object({
    registrationId: id,
    partnerId: id,
    companyName: z.string(),
    domain: z.string(),
    customerId: id.nullable(),
    productInterest: z.string(),
    /** The sales product the deal is for, when the partner named one; added later, so optional. */
    productId: id.nullable().optional(),
    estimatedAmount: money,
    expectedClose: z.iso.date(),
    submittedAt: timestamp,
  }),
  subject: (d) => d.registrationId,
});

export const DealRegistrationRejected = defineEvent({
  type: 'crm.partners.deal-registration.rejected.v1',
  topic: Topics.partnersDealRegistration,
  source: 'crm.partners',
  schema: z.object({ registrationId: id, partnerId: id, reason: z.string(), rejectedBy: id.nullable(), rejectedAt: timestamp }),
  subject: (d) => d.registrationId,
});

/**
 * An approved registration whose opportunity was not won by its protection expiry: the partner no
 * longer holds the domain. Keyed by the customer, as the approval was, so it follows it in order.
 */
export const DealRegistrationExpired = defineEvent({
  type: 'crm.partners.deal-registration.expired.v1',
  topic: Topics.partnersDealRegistration,
  source: 'crm.partners',
  schema: z.object({
    registrationId: id,
    partnerId: id,
    customerId: id,
    opportunityId: id,
    companyName: z.string(),
    protectionExpiredAt: timestamp,
    expiredAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

/**
 * An approved registration followed its sales opportunity: WON or LOST when sales closed it,
 * APPROVED again when sales reopened it. `changedAt` is when that happened in sales. Keyed by the
 * customer, as the approval was, so it follows it in order.
 */
export const DealRegistrationStatusChanged = defineEvent({
  type: 'crm.partners.deal-registration.status-changed.v1',
  topic: Topics.partnersDealRegistration,
  source: 'crm.partners',
  schema: z.object({
    registrationId: id,
    partnerId: id,
    customerId: id,
    opportunityId: id,
    companyName: z.string(),
    from: z.enum(['APPROVED', 'WON', 'LOST']),
    to: z.enum(['APPROVED', 'WON', 'LOST']),
    changedAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

export const DealRegistrationEvents = [
  DealRegistrationSubmitted,
  DealRegistrationRejected,
  DealRegistrationExpired,
  DealRegistrationStatusChanged,
];
