import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** One entry of a user's inbox, made from one event; an event tells a recipient once. */
@Entity('notification')
@Unique('notification_event_recipient_key', ['eventId', 'recipientId'])
@Index('notification_inbox_idx', ['recipientId', 'createdAt', 'id'])
// An activity's due-soon notices, found again when it is completed or moved.
@Index('notification_activity_due_idx', ['recordId'], { where: "kind = 'ACTIVITY_DUE_SOON'" })
// What the next email digest of a user lists: unread and not mailed yet.
@Index('notification_digest_pending_idx', ['recipientId', 'createdAt'], { where: 'read_at IS NULL AND digested_at IS NULL' })
export class NotificationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** The user (token `sub`) it is for: nobody else reads it. */
  @Column('uuid')
  recipientId!: string;

  /** A NotificationKind. */
  @Column('text')
  kind!: string;

  /** The CloudEvent it was made from. */
  @Column('uuid')
  eventId!: string;

  /** What it is about: CUSTOMER, CONTACT, OPPORTUNITY, LEAD, CASE, PARTNER or DEAL_REGISTRATION. */
  @Column('text')
  recordType!: string;

  @Column('uuid')
  recordId!: string;

  @Column('uuid', { nullable: true })
  customerId!: string | null;

  @Column('text')
  summary!: string;

  /** When its cause happened (the event's time). */
  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  readAt!: Date | null;

  /** When the email digest that listed it was sent; null while it waits for one (or its kind is not in the digest). */
  @Column('timestamptz', { nullable: true })
  digestedAt!: Date | null;
}
