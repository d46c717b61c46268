import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CaseChannel, CasePriority, CaseStatus, CaseType } from './case.enums';

/** A support case. The table is `support_case` because CASE is an SQL keyword. */
@Entity('support_case')
@Index('support_case_customer_idx', ['customerId', 'openedAt', 'id'])
@Index('support_case_opened_idx', ['openedAt', 'id'])
@Index('support_case_priority_idx', ['priorityRank', 'openedAt', 'id'])
@Index('support_case_assignee_idx', ['assigneeId', 'openedAt', 'id'])
@Index('support_case_product_idx', ['productId', 'openedAt', 'id'])
@Index('support_case_queue_idx', ['queueId', 'openedAt', 'id'])
// The SLA watcher's scans: only cases whose target is still running.
@Index('support_case_first_response_due_idx', ['firstResponseDueAt'], {
  where: 'first_responded_at IS NULL AND first_response_breached_at IS NULL',
})
@Index('support_case_resolution_due_idx', ['resolutionDueAt'], { where: 'resolution_breached_at IS NULL' })
// The dashboard's handle time (cases resolved in a period) and backlog (the open cases): covering
// indexes with INCLUDE, which TypeORM cannot declare (migration 1796190000000).
@Index('support_case_resolved_idx', { synchronize: false })
@Index('support_case_backlog_idx', { synchronize: false })
export class CaseEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** A customer owned by sales; not checked here, since this service cannot see customers synchronously. */
  @Column('uuid')
  customerId!: string;

  @Column('text')
  subject!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('text', { default: 'REQUEST' })
  type!: CaseType;

  @Column('text', { default: 'WEB' })
  channel!: CaseChannel;

  @Column('text')
  priority!: CasePriority;

  /** priorityRank(priority): 1 (LOW) to 4 (URGENT), the first key of the PRIORITY_DESC sort. */
  @Column('smallint')
  priorityRank!: number;

  @Column('text')
  status!: CaseStatus;

  /** A product sales has (checked through known_product), or null when the case is about none. */
  @Column('uuid', { nullable: true })
  productId!: string | null;

  /** The customer's contact who raised it (a sales contact id). */
  @Column('uuid', { nullable: true })
  contactId!: string | null;

  /** The queue it was routed (or moved) to. */
  @Column('uuid', { nullable: true })
  queueId!: string | null;

  /**
   * Its customer's tier when it was opened (from sales' events; null: none known): what routing and
   * its SLA policy matched on. A later tier change reaches new cases, not this one.
   */
  @Column('smallint', { nullable: true })
  customerTier!: number | null;

  /** The user working on it. */
  @Column('uuid', { nullable: true })
  assigneeId!: string | null;

  /** Set when this case was merged into another as a duplicate: it is CLOSED and its thread lives there. */
  @Column('uuid', { nullable: true })
  mergedIntoId!: string | null;

  /** When the first reply to the customer is due, by the case's SLA policy; null without a policy. */
  @Column('timestamptz', { nullable: true })
  firstResponseDueAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  resolutionDueAt!: Date | null;

  /** The first reply to the customer (internal notes do not count). */
  @Column('timestamptz', { nullable: true })
  firstRespondedAt!: Date | null;

  /** Set while the case waits on the customer (PENDING): the SLA clock is stopped. */
  @Column('timestamptz', { nullable: true })
  slaPausedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  firstResponseBreachedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  resolutionBreachedAt!: Date | null;

  /** Raised by one for every breach. */
  @Column('smallint', { default: 0 })
  escalationLevel!: number;

  @Column('timestamptz')
  openedAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;

  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;

  /**
   * When work on the case ended: its move from an open status to RESOLVED or CLOSED (a later move
   * from RESOLVED to CLOSED keeps it); cleared when it is reopened. Null for cases resolved before
   * it was recorded whose history was no longer at hand (see the CaseResolvedAt migration).
   */
  @Column('timestamptz', { nullable: true })
  resolvedAt!: Date | null;
}
