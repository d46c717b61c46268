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

export const DealRegistrationEvents = [DealRegistrationSubmitted, DealRegistrationRejected];
