import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { fieldChanges } from './field-changes';
import { Topics } from './topics';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });
const pointType = z.enum(['WORK', 'HOME', 'MOBILE', 'OTHER']);

/** The contact after a change, as every update event carries it. */
const contact = {
  contactId: id,
  customerId: id,
  fullName: z.string(),
  /** The primary email, after the change. */
  email: z.string().nullable(),
  emails: z.array(z.object({ address: z.string(), type: pointType, primary: z.boolean() })),
  phones: z.array(z.object({ number: z.string(), type: pointType, primary: z.boolean() })),
  title: z.string().nullable(),
  role: z.string().nullable(),
};

/**
 * A contact's names, emails, phones, title or role changed; `changed` names the fields. Created is
 * ContactAdded. No longer published: sales publishes ContactUpdatedV2; consumers read both, this one
 * for the history on the topic.
 */
export const ContactUpdated = defineEvent({
  type: 'crm.sales.contact.updated.v1',
  topic: Topics.salesContact,
  source: 'crm.sales',
  schema: z.object({ ...contact, changed: z.array(z.string()), updatedAt: timestamp }),
  subject: (d) => d.customerId,
});

/**
 * ContactUpdated with what changed: each field's old and new value (`emails` and `phones` as the
 * whole lists), and who changed it. `changed` still names the fields, so a consumer of v1 reads
 * this one with the same handler.
 */
export const ContactUpdatedV2 = defineEvent({
  type: 'crm.sales.contact.updated.v2',
  topic: Topics.salesContact,
  source: 'crm.sales',
  schema: z.object({
    ...contact,
    changed: z.array(z.string()),
    changes: fieldChanges,
    /** The user who made the change; null for the system. */
    updatedBy: id.nullable(),
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

export const ContactEvents = [ContactUpdated, ContactUpdatedV2, ContactDeleted];
