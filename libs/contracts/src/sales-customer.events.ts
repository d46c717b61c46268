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
