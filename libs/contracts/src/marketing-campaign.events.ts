import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { moneyPayload } from './sales-opportunity.events';
import { Topics } from './topics';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

/** Marketing publishes CampaignCreatedV2 instead now; consumers keep reading this one for the history on the topic. */
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

/** Marketing publishes CampaignUpdatedV2 instead now; consumers keep reading this one for the history on the topic. */
export const CampaignUpdated = defineEvent({
  type: 'crm.marketing.campaign.updated.v1',
  topic: Topics.marketingCampaign,
  source: 'crm.marketing',
  schema: z.object({ campaignId: id, changed: z.array(z.string()), status: z.string(), updatedAt: timestamp }),
  subject: (d) => d.campaignId,
});

/**
 * What the campaign costs: its budget and what it has actually cost so far, each Money (never
 * negative, one currency for both) or null when not known. Cost per lead and ROI are reckoned
 * from them.
 */
const costs = { budget: moneyPayload.nullable(), actualCost: moneyPayload.nullable() };

/** A campaign was created, with its budget and actual cost. Replaces `crm.marketing.campaign.created.v1`. */
export const CampaignCreatedV2 = defineEvent({
  type: 'crm.marketing.campaign.created.v2',
  topic: Topics.marketingCampaign,
  source: 'crm.marketing',
  schema: CampaignCreated.schema.extend(costs),
  subject: (d) => d.campaignId,
});

/**
 * A campaign changed: `changed` names the fields, the rest is the campaign after the change (its
 * name, status, parent, budget and actual cost), so a consumer needs no earlier event to know
 * them. Replaces `crm.marketing.campaign.updated.v1`.
 */
export const CampaignUpdatedV2 = defineEvent({
  type: 'crm.marketing.campaign.updated.v2',
  topic: Topics.marketingCampaign,
  source: 'crm.marketing',
  schema: CampaignUpdated.schema.extend({ name: z.string(), parentId: id.nullable(), ...costs }),
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

export const MarketingCampaignEvents = [CampaignCreated, CampaignCreatedV2, CampaignUpdated, CampaignUpdatedV2, CampaignMemberChanged];
