import { z } from 'zod';
import { defineEvent } from './cloud-event';
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

export const SalesCustomerEvents = [CustomerDeleted, CustomerRestored, CustomerMerged];
