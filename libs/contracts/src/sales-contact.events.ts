import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { Topics } from './topics';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });
const pointType = z.enum(['WORK', 'HOME', 'MOBILE', 'OTHER']);

/** A contact's names, emails, phones, title or role changed; `changed` names the fields. Created is ContactAdded. */
export const ContactUpdated = defineEvent({
  type: 'crm.sales.contact.updated.v1',
  topic: Topics.salesContact,
  source: 'crm.sales',
  schema: z.object({
    contactId: id,
    customerId: id,
    changed: z.array(z.string()),
    fullName: z.string(),
    /** The primary email, after the change. */
    email: z.string().nullable(),
    emails: z.array(z.object({ address: z.string(), type: pointType, primary: z.boolean() })),
    phones: z.array(z.object({ number: z.string(), type: pointType, primary: z.boolean() })),
    title: z.string().nullable(),
    role: z.string().nullable(),
    updatedAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

/** A contact was deleted, with its emails and phones; its activities stay on the customer. */
export const ContactDeleted = defineEvent({
  type: 'crm.sales.contact.deleted.v1',
  topic: Topics.salesContact,
  source: 'crm.sales',
  schema: z.object({ contactId: id, customerId: id, deletedAt: timestamp }),
  subject: (d) => d.customerId,
});

export const ContactEvents = [ContactUpdated, ContactDeleted];
