import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { fieldChanges } from './field-changes';
import { Topics } from './topics';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

/**
 * A partner's profile changed (name, type, tier, territory or channel manager); `changed` names the
 * fields, the rest is the state after it. Partners publishes PartnerUpdatedV2 instead now;
 * consumers keep reading this one for the history already on the topic.
 */
export const PartnerUpdated = defineEvent({
  type: 'crm.partners.partner.updated.v1',
  topic: Topics.partnersPartner,
  source: 'crm.partners',
  schema: z.object({
    partnerId: id,
    changed: z.array(z.string()),
    name: z.string(),
    kind: z.string(),
    tier: z.string(),
    /** ISO 3166-1 alpha-2 country codes and region codes. */
    territory: z.array(z.string()),
    channelManagerId: z.string().nullable(),
    updatedAt: timestamp,
  }),
  subject: (d) => d.partnerId,
});

/**
 * A partner's profile changed: every changed field with its old and new value (the audit trail)
 * and who changed it, beside the profile as it is after the change, flat as v1 has it so a
 * consumer of both reads one shape, and with the channel manager, whom a notification about the
 * partner reaches. Field names are the partner's (name, kind, tier, territory,
 * channelManagerId); status keeps its own event. Replaces `crm.partners.partner.updated.v1`.
 */
export const PartnerUpdatedV2 = defineEvent({
  type: 'crm.partners.partner.updated.v2',
  topic: Topics.partnersPartner,
  source: 'crm.partners',
  schema: z.object({
    partnerId: id,
    changes: fieldChanges,
    name: z.string(),
    kind: z.string(),
    tier: z.string(),
    /** ISO 3166-1 alpha-2 country codes and region codes. */
    territory: z.array(z.string()),
    channelManagerId: id.nullable(),
    /** The user who made the change; null for the system (a consumer or a job). */
    updatedBy: id.nullable(),
    updatedAt: timestamp,
  }),
  subject: (d) => d.partnerId,
});

/** A partner's status moved (PROSPECT, ACTIVE, SUSPENDED): a SUSPENDED partner's users are refused everywhere from then on. */
export const PartnerStatusChanged = defineEvent({
  type: 'crm.partners.partner.status-changed.v1',
  topic: Topics.partnersPartner,
  source: 'crm.partners',
  schema: z.object({ partnerId: id, from: z.string(), to: z.string(), changedAt: timestamp }),
  subject: (d) => d.partnerId,
});

/** A person at the partner who gets partner tokens: `userId` is their token's `sub`. */
export const PartnerUserAdded = defineEvent({
  type: 'crm.partners.partner.user-added.v1',
  topic: Topics.partnersPartner,
  source: 'crm.partners',
  schema: z.object({ partnerId: id, userId: z.string(), name: z.string(), email: z.string(), addedAt: timestamp }),
  subject: (d) => d.partnerId,
});

export const PartnerUserRemoved = defineEvent({
  type: 'crm.partners.partner.user-removed.v1',
  topic: Topics.partnersPartner,
  source: 'crm.partners',
  schema: z.object({ partnerId: id, userId: z.string(), removedAt: timestamp }),
  subject: (d) => d.partnerId,
});

/** The partner no longer works with the customer; the reverse of PartnerLinkedToCustomer, keyed by the customer as it is. */
export const PartnerUnlinkedFromCustomer = defineEvent({
  type: 'crm.partners.partner.customer-unlinked.v1',
  topic: Topics.partnersPartner,
  source: 'crm.partners',
  schema: z.object({ partnerId: id, customerId: id, partnerName: z.string(), unlinkedAt: timestamp }),
  subject: (d) => d.customerId,
});

export const PartnerEvents = [
  PartnerUpdated,
  PartnerUpdatedV2,
  PartnerStatusChanged,
  PartnerUserAdded,
  PartnerUserRemoved,
  PartnerUnlinkedFromCustomer,
];
