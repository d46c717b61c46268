import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { fieldChanges } from './field-changes';
import { Topics } from './topics';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

/** What every lead event says about its lead. A lead without a customer is keyed by its own id. */
const leadRef = { leadId: id, customerId: id.nullable(), email: z.string() };
const subject = (d: { customerId: string | null; leadId: string }): string => d.customerId ?? d.leadId;

/** A person changed a lead's attributes; `changed` names the fields (status moves are LeadStatusChanged). */
export const LeadUpdated = defineEvent({
  type: 'crm.marketing.lead.updated.v1',
  topic: Topics.marketingLead,
  source: 'crm.marketing',
  schema: z.object({ ...leadRef, changed: z.array(z.string()), ownerId: id.nullable(), updatedBy: id.nullable(), updatedAt: timestamp }),
  subject,
});

/**
 * A person (or an import) changed a lead's attributes: each changed field with its old and new
 * value (the audit trail), `changed` naming them as v1 did. Field names are UpdateLeadInput's
 * (emails, phones, tags and sourceDetail as whole values). Replaces
 * `crm.marketing.lead.updated.v1`, which marketing no longer publishes; consumers keep reading v1
 * for the history already on the topic.
 */
export const LeadUpdatedV2 = defineEvent({
  type: 'crm.marketing.lead.updated.v2',
  topic: Topics.marketingLead,
  source: 'crm.marketing',
  schema: z.object({
    ...leadRef,
    changed: z.array(z.string()),
    changes: fieldChanges,
    /** The lead's owner after the change. */
    ownerId: id.nullable(),
    /** The user who made the change; null for the system. */
    updatedBy: id.nullable(),
    updatedAt: timestamp,
  }),
  subject,
});

/** A lead moved from one status to another; `reason` is given for UNQUALIFIED. */
export const LeadStatusChanged = defineEvent({
  type: 'crm.marketing.lead.status-changed.v1',
  topic: Topics.marketingLead,
  source: 'crm.marketing',
  schema: z.object({
    ...leadRef,
    from: z.string(),
    to: z.string(),
    reason: z.string().nullable(),
    changedBy: id.nullable(),
    changedAt: timestamp,
  }),
  subject,
});

/** `duplicateId` was merged into `leadId`: its emails, phones, tags and history moved there and it was deleted. */
export const LeadsMerged = defineEvent({
  type: 'crm.marketing.lead.merged.v1',
  topic: Topics.marketingLead,
  source: 'crm.marketing',
  schema: z.object({ ...leadRef, duplicateId: id, duplicateEmail: z.string(), mergedBy: id.nullable(), mergedAt: timestamp }),
  subject,
});

/**
 * A web form was posted and its lead created or updated. Carries the consent facts as the visitor
 * saw them (the consent register is built from this event) and the points the form is worth.
 */
export const FormSubmitted = defineEvent({
  type: 'crm.marketing.lead.form-submitted.v1',
  topic: Topics.marketingLead,
  source: 'crm.marketing',
  schema: z.object({
    ...leadRef,
    submissionId: id,
    formId: id,
    formName: z.string(),
    isNewLead: z.boolean(),
    scorePoints: z.number().int().min(0),
    consent: z.object({ text: z.string().nullable(), given: z.boolean() }),
    campaignId: id.nullable(),
    utm: z.object({ source: z.string().nullable(), medium: z.string().nullable(), term: z.string().nullable() }),
    submittedAt: timestamp,
  }),
  subject,
});

export const MarketingLeadEvents = [LeadUpdated, LeadUpdatedV2, LeadStatusChanged, LeadsMerged, FormSubmitted];
