import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { Topics } from './topics';

const id = z.uuid();

const message = {
  messageId: id,
  campaignId: id,
  personKind: z.enum(['LEAD', 'CONTACT']),
  personId: id,
  customerId: id.nullable(),
  email: z.string(),
};

/** A campaign email left for the SMTP relay. On the campaign's topic: the messages are its members'. */
export const EmailSent = defineEvent({
  type: 'crm.marketing.email.sent.v1',
  topic: Topics.marketingCampaign,
  source: 'crm.marketing',
  schema: z.object({ ...message, sentAt: z.iso.datetime({ offset: true }) }),
  subject: (d) => d.customerId ?? d.personId,
});

/** The person opened a campaign email (its tracking pixel was fetched); every open, not only the first. */
export const EmailOpened = defineEvent({
  type: 'crm.marketing.email.opened.v1',
  topic: Topics.marketingCampaign,
  source: 'crm.marketing',
  schema: z.object({ ...message, openedAt: z.iso.datetime({ offset: true }) }),
  subject: (d) => d.customerId ?? d.personId,
});

/** The person followed a link of a campaign email; `url` is the one the template held. */
export const EmailClicked = defineEvent({
  type: 'crm.marketing.email.clicked.v1',
  topic: Topics.marketingCampaign,
  source: 'crm.marketing',
  schema: z.object({ ...message, url: z.string(), clickedAt: z.iso.datetime({ offset: true }) }),
  subject: (d) => d.customerId ?? d.personId,
});

export const MarketingEmailEvents = [EmailSent, EmailOpened, EmailClicked];
