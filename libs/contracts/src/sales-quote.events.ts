import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { moneyPayload } from './sales-opportunity.events';

/** Declared here rather than in topics.ts so the quote contracts stay in one file. */
export const SALES_QUOTE_TOPIC = 'crm.sales.quote.v1';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });
const quoteStatus = z.enum(['DRAFT', 'SENT', 'ACCEPTED', 'REJECTED', 'EXPIRED']);

const quote = {
  quoteId: id,
  opportunityId: id,
  customerId: id,
  version: z.number().int().positive(),
  status: quoteStatus,
  /** After line discounts, before tax. */
  subtotal: moneyPayload,
  tax: moneyPayload,
  total: moneyPayload,
};

export const QuoteCreated = defineEvent({
  type: 'crm.sales.quote.created.v1',
  topic: SALES_QUOTE_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...quote, lineCount: z.number().int().nonnegative(), createdAt: timestamp }),
  subject: (d) => d.customerId,
});

/** SENT, ACCEPTED, REJECTED or EXPIRED; an accepted quote is followed by the opportunity's updated event. */
export const QuoteStatusChanged = defineEvent({
  type: 'crm.sales.quote.status-changed.v1',
  topic: SALES_QUOTE_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...quote, from: quoteStatus, changedBy: id.nullable(), changedAt: timestamp }),
  subject: (d) => d.customerId,
});

export const QuoteEvents = [QuoteCreated, QuoteStatusChanged];
