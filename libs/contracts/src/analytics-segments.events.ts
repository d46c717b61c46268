import { z } from 'zod';
import { defineEvent } from './cloud-event';

/** Declared here rather than in topics.ts so the segment contracts stay in one file. */
export const ANALYTICS_SEGMENT_TOPIC = 'crm.analytics.segment.v1';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

/**
 * A segment was created or changed: its whole definition as it is now, so a consumer (and
 * analytics' own replay, which rebuilds segments from these) needs nothing else. `rule` is the
 * JSON rule analytics validated when it was written; analytics documents its language.
 * Keyed by the segment id: one segment's definitions stay in order.
 */
export const SegmentDefined = defineEvent({
  type: 'crm.analytics.segment.defined.v1',
  topic: ANALYTICS_SEGMENT_TOPIC,
  source: 'crm.analytics',
  schema: z.object({
    segmentId: id,
    name: z.string(),
    description: z.string().nullable(),
    rule: z.record(z.string(), z.unknown()),
    /** The user who defined it. */
    definedBy: id.nullable(),
    definedAt: timestamp,
  }),
  subject: (d) => d.segmentId,
});

/** A segment was deleted; every member left it first (one SegmentMemberLeft each). */
export const SegmentDeleted = defineEvent({
  type: 'crm.analytics.segment.deleted.v1',
  topic: ANALYTICS_SEGMENT_TOPIC,
  source: 'crm.analytics',
  schema: z.object({ segmentId: id, deletedBy: id.nullable(), deletedAt: timestamp }),
  subject: (d) => d.segmentId,
});

const membership = {
  segmentId: id,
  /** The segment's name when the membership changed, for people reading it (a timeline). */
  segmentName: z.string(),
  customerId: id,
  at: timestamp,
};

/** The customer now matches the segment's rule. Keyed by the customer, so its joins and leaves stay in order. */
export const SegmentMemberJoined = defineEvent({
  type: 'crm.analytics.segment.member-joined.v1',
  topic: ANALYTICS_SEGMENT_TOPIC,
  source: 'crm.analytics',
  schema: z.object(membership),
  subject: (d) => d.customerId,
});

/** The customer no longer matches the segment's rule, or the segment was deleted. */
export const SegmentMemberLeft = defineEvent({
  type: 'crm.analytics.segment.member-left.v1',
  topic: ANALYTICS_SEGMENT_TOPIC,
  source: 'crm.analytics',
  schema: z.object(membership),
  subject: (d) => d.customerId,
});

export const SegmentEvents = [SegmentDefined, SegmentDeleted, SegmentMemberJoined, SegmentMemberLeft];
