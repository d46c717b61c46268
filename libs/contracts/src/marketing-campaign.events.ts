import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { Topics } from './topics';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

export const CampaignCreated = defineEvent({
  type: 'crm.marketing.campaign.created.v1',
  topic: Topics.marketingCampaign,
  source: 'crm.marketing',
  schema: z.object({
    campaignId: id,
    name: z.string(),
    campaignType: z.string(),
    status: z.string(),
    parentId: id.nullable(),
    createdAt: timestamp,
  }),
  subject: (d) => d.campaignId,
});

export const CampaignUpdated = defineEvent({
  type: 'crm.marketing.campaign.updated.v1',
  topic: Topics.marketingCampaign,
  source: 'crm.marketing',
  schema: z.object({ campaignId: id, changed: z.array(z.string()), status: z.string(), updatedAt: timestamp }),
  subject: (d) => d.campaignId,
});

/**
 * A campaign member was added (`from` null) or moved to another member status (sent, opened,
 * registered, attended...). Keyed by the member's customer when known, else by the person.
 */
export const CampaignMemberChanged = defineEvent({
  type: 'crm.marketing.campaign.member-changed.v1',
  topic: Topics.marketingCampaign,
  source: 'crm.marketing',
  schema: z.object({
    campaignId: id,
    campaignName: z.string(),
    personKind: z.enum(['LEAD', 'CONTACT']),
    personId: id,
    customerId: id.nullable(),
    from: z.string().nullable(),
    to: z.string(),
    changedAt: timestamp,
  }),
  subject: (d) => d.customerId ?? d.personId,
});

export const MarketingCampaignEvents = [CampaignCreated, CampaignUpdated, CampaignMemberChanged];
