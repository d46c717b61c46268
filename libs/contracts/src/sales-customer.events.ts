import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { fieldChanges } from './field-changes';
import { Topics } from './topics';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

/** A customer was soft-deleted: it leaves lists and lookups until restored. */
export const CustomerDeleted = defineEvent({
  type: 'crm.sales.customer.deleted.v1',
  topic: Topics.salesCustomer,
  source: 'crm.sales',
  schema: z.object({ customerId: id, deletedAt: timestamp }),
  subject: (d) => d.customerId,
});

/** A soft-deleted customer is back. */
export const CustomerRestored = defineEvent({
  type: 'crm.sales.customer.restored.v1',
  topic: Topics.salesCustomer,
  source: 'crm.sales',
  schema: z.object({ customerId: id, restoredAt: timestamp }),
  subject: (d) => d.customerId,
});

/**
 * Two customers became one: `mergedId`'s contacts and opportunities now belong to `survivorId`, and
 * `mergedId` is soft-deleted for good (it cannot be restored). Services that keep rows by customer
 * id re-key `mergedId`'s rows to `survivorId`. Keyed by `mergedId`, so it follows every earlier
 * event of the merged customer on this topic. Later kinds of moved rows (activities...) are added
 * to `moved` as optional fields: a consumer built on this version keeps working.
 */
export const CustomerMerged = defineEvent({
  type: 'crm.sales.customer.merged.v1',
  topic: Topics.salesCustomer,
  source: 'crm.sales',
  schema: z.object({
    /** The id of the merge's audit record in sales. */
    mergeId: id,
    survivorId: id,
    mergedId: id,
    moved: z.object({ contactIds: z.array(id), opportunityIds: z.array(id), activityIds: z.array(id).optional() }),
    mergedBy: id.nullable(),
    mergedAt: timestamp,
  }),
  subject: (d) => d.mergedId,
});

/** A customer as it is, with the attributes analytics groups by (so a consumer keeps its dimensions without a lookup). */
export const customerSnapshot = z.object({
  name: z.string(),
  kind: z.enum(['COMPANY', 'PERSON']),
  domain: z.string().nullable(),
  /** 1 is the top tier. */
  tier: z.number().int().nullable(),
  lifecycleStage: z.enum(['LEAD', 'PROSPECT', 'CUSTOMER', 'CHURNED']),
  industry: z.string().nullable(),
  size: z.enum(['MICRO', 'SMALL', 'MEDIUM', 'LARGE', 'ENTERPRISE']).nullable(),
  /** ISO 3166-1 alpha-2. */
  country: z.string().nullable(),
  region: z.string().nullable(),
  ownerId: id.nullable(),
  parentId: id.nullable(),
  tags: z.array(z.string()),
  employeeCount: z.number().int().nullable(),
  /** A decimal string amount in an ISO 4217 currency. */
  annualRevenue: z.object({ amount: z.string(), currency: z.string() }).nullable(),
});

/**
 * A customer changed: every changed field with its old and new value (the audit trail), and the
 * customer as it is after the change, with the attributes analytics groups by (so a consumer keeps
 * its dimensions without a lookup). Field names are the customer's attributes; the address parts
 * and the revenue's currency are fields of their own. Replaces `crm.sales.customer.updated.v1`,
 * which sales no longer publishes; consumers keep reading v1 for the history already on the topic.
 */
export const CustomerUpdatedV2 = defineEvent({
  type: 'crm.sales.customer.updated.v2',
  topic: Topics.salesCustomer,
  source: 'crm.sales',
  schema: z.object({
    customerId: id,
    changes: fieldChanges,
    customer: customerSnapshot,
    /** The user who made the change; null for the system (a consumer or a job). */
    updatedBy: id.nullable(),
    updatedAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

export const SalesCustomerEvents = [CustomerDeleted, CustomerRestored, CustomerMerged, CustomerUpdatedV2];
