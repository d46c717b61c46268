import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { moneyPayload } from './sales-opportunity.events';
import { Topics } from './topics';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

/** What every return event says about its return; the products let analytics count returns per product. */
const returnRef = { returnId: id, caseId: id, customerId: id, caseSubject: z.string(), productIds: z.array(id) };

/** A return authorisation (RMA) was requested on a return case: its items as asked for. */
export const ReturnRequested = defineEvent({
  type: 'crm.service.return.requested.v1',
  topic: Topics.serviceReturn,
  source: 'crm.service',
  schema: z.object({
    ...returnRef,
    items: z.array(z.object({ productId: id, quantity: z.number().int().positive(), reason: z.string(), condition: z.string() })),
    /** The user or, through the portal, the contact who asked. */
    requestedBy: id.nullable(),
    requestedAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

/** A return moved (APPROVED, RECEIVED, REFUNDED with its refund, REJECTED with the reason). */
export const ReturnStatusChanged = defineEvent({
  type: 'crm.service.return.status-changed.v1',
  topic: Topics.serviceReturn,
  source: 'crm.service',
  schema: z.object({
    ...returnRef,
    from: z.string(),
    to: z.string(),
    refund: moneyPayload.nullable(),
    reason: z.string().nullable(),
    changedBy: id.nullable(),
    changedAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

export const ServiceReturnEvents = [ReturnRequested, ReturnStatusChanged];
