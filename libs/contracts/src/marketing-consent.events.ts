import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { Topics } from './topics';

const id = z.uuid();

/**
 * A person's consent for one channel was granted or withdrawn: one entry of the GDPR record. The
 * subject is the person's customer when known, else the person: one person's changes stay ordered.
 */
export const ConsentChanged = defineEvent({
  type: 'crm.marketing.consent.changed.v1',
  topic: Topics.marketingConsent,
  source: 'crm.marketing',
  schema: z.object({
    consentId: id,
    personKind: z.enum(['LEAD', 'CONTACT']),
    personId: id,
    customerId: id.nullable(),
    email: z.string(),
    channel: z.string(),
    status: z.enum(['GRANTED', 'WITHDRAWN']),
    source: z.string(),
    lawfulBasis: z.string(),
    recordedAt: z.iso.datetime({ offset: true }),
  }),
  subject: (d) => d.customerId ?? d.personId,
});

export const MarketingConsentEvents = [ConsentChanged];
