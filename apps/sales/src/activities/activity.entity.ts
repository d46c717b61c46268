import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ContactEntity } from '../customers/contact.entity';
import type { CustomerEntity } from '../customers/customer.entity';
import type { OpportunityEntity } from '../opportunities/opportunity.entity';
import type { ActivityType } from './activity.enums';

/**
 * A task, call, meeting or email, always on a customer, and possibly on one of its contacts and one of its
 * opportunities too (they all belong to that customer).
 */
@Entity('activity')
@Check('activity_type_check', `"type" IN ('TASK', 'CALL', 'MEETING', 'EMAIL')`)
@Check('activity_reminder_check', `"remind_at" IS NULL OR "due_at" IS NULL OR "remind_at" <= "due_at"`)
@Index('activity_customer_idx', ['customerId', 'createdAt'])
@Index('activity_contact_idx', ['contactId'])
@Index('activity_opportunity_idx', ['opportunityId'])
@Index('activity_owner_idx', ['ownerId', 'completedAt'])
@Index('activity_created_idx', ['createdAt', 'id'])
@Index('activity_due_idx', ['dueAt', 'id'])
// A routed lead's follow-up: one per lead and owner, however often the assignment is delivered.
@Index('activity_lead_follow_up_key', ['leadId', 'ownerId'], { unique: true, where: '"lead_id" IS NOT NULL' })
@Index('activity_open_reminder_idx', ['remindAt'], { where: '"completed_at" IS NULL AND "remind_at" IS NOT NULL' })
// The automation's idempotency key: one follow-up per customer per window.
@Index('activity_follow_up_key', ['customerId', 'followUpWindow'], { unique: true, where: '"follow_up_window" IS NOT NULL' })
export class ActivityEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  type!: ActivityType;

  @Column('text')
  subject!: string;

  @Column('text', { nullable: true })
  notes!: string | null;

  @Column('uuid')
  customerId!: string;

  @ManyToOne('CustomerEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id' })
  customer?: CustomerEntity;

  @Column('uuid', { nullable: true })
  contactId!: string | null;

  @ManyToOne('ContactEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'contact_id' })
  contact?: ContactEntity;

  @Column('uuid', { nullable: true })
  opportunityId!: string | null;

  @ManyToOne('OpportunityEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'opportunity_id' })
  opportunity?: OpportunityEntity;

  /** The user it is assigned to. */
  @Column('uuid', { nullable: true })
  ownerId!: string | null;

  @Column('timestamptz', { nullable: true })
  dueAt!: Date | null;

  /** When to remind the owner; not after the due time. */
  @Column('timestamptz', { nullable: true })
  remindAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  completedAt!: Date | null;

  /** Who completed it; null for a caller without a user id. */
  @Column('uuid', { nullable: true })
  completedBy!: string | null;

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  /**
   * The marketing lead a routed lead's follow-up task is about (set only by that automation). A lead is not a
   * customer yet: the task is on the lead's customer when sales has it, else on the Unassigned account.
   */
  @Column('uuid', { nullable: true })
  leadId!: string | null;

  /** Set only on follow-ups the automation created: the first day of the window it created it for. */
  @Column('date', { nullable: true })
  followUpWindow!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
