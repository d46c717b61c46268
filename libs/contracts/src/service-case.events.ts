import { z } from 'zod';
import { defineEvent } from './cloud-event';
import { fieldChanges } from './field-changes';
import { Topics } from './topics';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

/** What every case event says about its case; the product lets analytics count issues per product. */
const caseRef = { caseId: id, customerId: id, subject: z.string(), productId: id.nullable() };

const caseUpdate = {
  ...caseRef,
  changed: z.array(z.string()),
  priority: z.string(),
  // Added later, optional so events written before still parse; present when a due time moved.
  firstResponseDueAt: timestamp.nullable().optional(),
  resolutionDueAt: timestamp.nullable().optional(),
  updatedAt: timestamp,
};

/**
 * `changed` names the fields that changed (assignee changes are CaseAssigned, status moves
 * CaseStatusChanged). A new priority counts the SLA targets again: `changed` then names the due
 * times that moved, and the event carries both as they are now (null: no policy covers it).
 * No longer published: service publishes CaseUpdatedV2; consumers read both, this one for the
 * history on the topic.
 */
export const CaseUpdated = defineEvent({
  type: 'crm.service.case.updated.v1',
  topic: Topics.serviceCase,
  source: 'crm.service',
  schema: z.object(caseUpdate),
  subject: (d) => d.customerId,
});

/**
 * CaseUpdated with what changed, for the audit trail: each changed field's old and new value (the
 * due times a new priority moved included) and who changed it. `changed` still names the fields, so
 * a consumer of v1 reads this one with the same handler.
 */
export const CaseUpdatedV2 = defineEvent({
  type: 'crm.service.case.updated.v2',
  topic: Topics.serviceCase,
  source: 'crm.service',
  schema: z.object({
    ...caseUpdate,
    changes: fieldChanges,
    /** The user who made the change; null for the system. */
    updatedBy: id.nullable(),
  }),
  subject: (d) => d.customerId,
});

/** The case got another assignee (a user id), or none; `queueId` is the queue it is in (routing assigns from it). */
export const CaseAssigned = defineEvent({
  type: 'crm.service.case.assigned.v1',
  topic: Topics.serviceCase,
  source: 'crm.service',
  schema: z.object({
    ...caseRef,
    assigneeId: id.nullable(),
    previousAssigneeId: id.nullable(),
    queueId: id.nullable(),
    assignedAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

/** A message in the case's thread: a reply to the customer, or an internal note (`internal`). The body stays in service. */
export const CaseReplied = defineEvent({
  type: 'crm.service.case.replied.v1',
  topic: Topics.serviceCase,
  source: 'crm.service',
  schema: z.object({ ...caseRef, messageId: id, internal: z.boolean(), authorId: id.nullable(), postedAt: timestamp }),
  subject: (d) => d.customerId,
});

/** Two cases were linked as related. */
export const CasesRelated = defineEvent({
  type: 'crm.service.case.related.v1',
  topic: Topics.serviceCase,
  source: 'crm.service',
  schema: z.object({ ...caseRef, relatedCaseId: id, relatedAt: timestamp }),
  subject: (d) => d.customerId,
});

/**
 * `duplicateId` was merged into `caseId`: its thread, relations and returns (`movedReturnIds`, now
 * on `caseId`) moved there and it was CLOSED.
 */
export const CaseMerged = defineEvent({
  type: 'crm.service.case.merged.v1',
  topic: Topics.serviceCase,
  source: 'crm.service',
  schema: z.object({
    ...caseRef,
    duplicateId: id,
    duplicateSubject: z.string(),
    // Added later, optional so events written before still parse.
    movedReturnIds: z.array(id).optional(),
    mergedAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

/**
 * A case missed an SLA target: its escalation level went up and, when its policy names an
 * escalation queue, it was re-queued there (`queueId` is where it is now).
 */
export const CaseSlaBreached = defineEvent({
  type: 'crm.service.case.sla-breached.v1',
  topic: Topics.serviceCase,
  source: 'crm.service',
  schema: z.object({
    ...caseRef,
    target: z.enum(['FIRST_RESPONSE', 'RESOLUTION']),
    priority: z.string(),
    dueAt: timestamp,
    escalationLevel: z.number().int().positive(),
    queueId: id.nullable(),
    breachedAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

/**
 * The SLA watcher escalated a case it found past one or more targets (`targets`, each also a
 * case.sla-breached): one event per case and run, so the people who work the queue are told once.
 * `queueId` is the queue the case is in now (its policy's escalation queue, or the one it was in),
 * `queueMemberIds` that queue's members as they were then. Queues name no manager: their members
 * are whom a breach in the queue concerns.
 */
export const CaseEscalated = defineEvent({
  type: 'crm.service.case.escalated.v1',
  topic: Topics.serviceCase,
  source: 'crm.service',
  schema: z.object({
    ...caseRef,
    priority: z.string(),
    targets: z.array(z.enum(['FIRST_RESPONSE', 'RESOLUTION'])).min(1),
    escalationLevel: z.number().int().positive(),
    previousEscalationLevel: z.number().int().nonnegative(),
    queueId: id.nullable(),
    queueName: z.string().nullable(),
    previousQueueId: id.nullable(),
    queueMemberIds: z.array(id),
    assigneeId: id.nullable(),
    escalatedAt: timestamp,
  }),
  subject: (d) => d.customerId,
});

/** A knowledge-base article was recorded as what solved the case. */
export const CaseArticleLinked = defineEvent({
  type: 'crm.service.case.article-linked.v1',
  topic: Topics.serviceCase,
  source: 'crm.service',
  schema: z.object({ ...caseRef, articleId: id, articleTitle: z.string(), linkedBy: id.nullable(), linkedAt: timestamp }),
  subject: (d) => d.customerId,
});

/** The contact answered the satisfaction survey sent when the case was resolved (once per case). The comment stays in service. */
export const CaseSatisfactionSubmitted = defineEvent({
  type: 'crm.service.case.csat-submitted.v1',
  topic: Topics.serviceCase,
  source: 'crm.service',
  schema: z.object({ ...caseRef, score: z.number().int().min(1).max(5), hasComment: z.boolean(), answeredAt: timestamp }),
  subject: (d) => d.customerId,
});

export const ServiceCaseEvents = [
  CaseUpdated,
  CaseUpdatedV2,
  CaseAssigned,
  CaseReplied,
  CasesRelated,
  CaseMerged,
  CaseSlaBreached,
  CaseEscalated,
  CaseArticleLinked,
  CaseSatisfactionSubmitted,
];
