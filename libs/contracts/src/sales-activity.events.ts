import { z } from 'zod';
import { defineEvent } from './cloud-event';

/** Declared here rather than in topics.ts so the activity contracts stay in one file. */
export const SALES_ACTIVITY_TOPIC = 'crm.sales.activity.v1';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

export const activityType = z.enum(['TASK', 'CALL', 'MEETING', 'EMAIL']);

const activity = {
  activityId: id,
  customerId: id,
  contactId: id.nullable(),
  opportunityId: id.nullable(),
  type: activityType,
  subject: z.string(),
  /** The user it is assigned to. */
  ownerId: id.nullable(),
  dueAt: timestamp.nullable(),
  remindAt: timestamp.nullable(),
};

/** Logged by a user, or created by the stale-customer automation (`automated`: true). */
export const ActivityCreated = defineEvent({
  type: 'crm.sales.activity.created.v1',
  topic: SALES_ACTIVITY_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...activity, automated: z.boolean(), createdBy: id.nullable(), createdAt: timestamp }),
  subject: (d) => d.customerId,
});

/** `changed` names the fields that changed. */
export const ActivityUpdated = defineEvent({
  type: 'crm.sales.activity.updated.v1',
  topic: SALES_ACTIVITY_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...activity, changed: z.array(z.string()), updatedAt: timestamp }),
  subject: (d) => d.customerId,
});

export const ActivityCompleted = defineEvent({
  type: 'crm.sales.activity.completed.v1',
  topic: SALES_ACTIVITY_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...activity, completedBy: id.nullable(), completedAt: timestamp }),
  subject: (d) => d.customerId,
});

/** A completed activity was opened again. */
export const ActivityReopened = defineEvent({
  type: 'crm.sales.activity.reopened.v1',
  topic: SALES_ACTIVITY_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...activity, reopenedAt: timestamp }),
  subject: (d) => d.customerId,
});

export const ActivityDeleted = defineEvent({
  type: 'crm.sales.activity.deleted.v1',
  topic: SALES_ACTIVITY_TOPIC,
  source: 'crm.sales',
  schema: z.object({ activityId: id, customerId: id, deletedAt: timestamp }),
  subject: (d) => d.customerId,
});

/**
 * The automation found a top-tier customer nobody touched for `staleDays` days and gave its owner a follow-up task
 * (also announced by ActivityCreated). One per customer per window: `windowStart` names the window.
 */
export const CustomerFollowUpScheduled = defineEvent({
  type: 'crm.sales.activity.follow-up-scheduled.v1',
  topic: SALES_ACTIVITY_TOPIC,
  source: 'crm.sales',
  schema: z.object({
    activityId: id,
    customerId: id,
    ownerId: id,
    tier: z.number().int(),
    staleDays: z.number().int().positive(),
    /** The last activity on the customer before the window, or null when it never had one. */
    lastTouchedAt: timestamp.nullable(),
    windowStart: z.iso.date(),
    scheduledAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

/**
 * Marketing routed a qualified lead to `ownerId` (lead.assigned) and sales gave the owner a task to follow it up (also
 * announced by ActivityCreated). The task is on the lead's customer when sales has it, else on the Unassigned account:
 * `customerId` is where it is filed, `leadCustomerId` the lead's own customer, null for a lead of nobody's yet.
 */
export const LeadFollowUpScheduled = defineEvent({
  type: 'crm.sales.activity.lead-follow-up-scheduled.v1',
  topic: SALES_ACTIVITY_TOPIC,
  source: 'crm.sales',
  schema: z.object({
    activityId: id,
    customerId: id,
    leadId: id,
    leadCustomerId: id.nullable(),
    leadName: z.string(),
    ownerId: id,
    dueAt: timestamp,
    scheduledAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

export const ActivityEvents = [
  ActivityCreated,
  ActivityUpdated,
  ActivityCompleted,
  ActivityReopened,
  ActivityDeleted,
  CustomerFollowUpScheduled,
  LeadFollowUpScheduled,
];
