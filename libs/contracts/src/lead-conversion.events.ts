import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { Topics } from './topics';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });
const money = z.object({ amount: z.string().regex(/^-?\d{1,15}(\.\d{1,4})?$/), currency: z.string().length(3) });

/**
 * Marketing converted a lead. It minted every id sales will materialise (customer, contact,
 * opportunity), so sales can apply the event any number of times and the caller knew the ids at once.
 * `existingCustomer` is true when the lead was converted onto a customer sales already has.
 */
export const LeadConverted = defineEvent({
  type: 'crm.marketing.lead.converted.v1',
  topic: Topics.marketingLead,
  source: 'crm.marketing',
  schema: z.object({
    leadId: id,
    customerId: id,
    existingCustomer: z.boolean(),
    customerName: z.string().min(1),
    customerKind: z.enum(['COMPANY', 'PERSON']),
    contact: z.object({ contactId: id, firstName: z.string(), lastName: z.string(), email: z.string() }),
    opportunity: z
      .object({ opportunityId: id, name: z.string().min(1), amount: money.nullable(), closeDate: z.iso.date().nullable() })
      .nullable(),
    ownerId: id.nullable(),
    convertedBy: id.nullable(),
    convertedAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

/**
 * Partners approved a deal registration: sales opens the opportunity for that partner. The partners
 * service mints the opportunity id, so a redelivered approval opens nothing twice.
 */
export const DealRegistrationApproved = defineEvent({
  type: 'crm.partners.deal-registration.approved.v1',
  topic: Topics.partnersDealRegistration,
  source: 'crm.partners',
  schema: z.object({
    registrationId: id,
    partnerId: id,
    customerId: id,
    opportunityId: id,
    name: z.string().min(1),
    amount: money.nullable(),
    closeDate: z.iso.date().nullable(),
    approvedBy: id.nullable(),
    approvedAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

export const LeadConversionEvents = [LeadConverted, DealRegistrationApproved];
