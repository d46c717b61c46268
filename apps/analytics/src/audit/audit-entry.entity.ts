import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One field of one record changed by one event: who, when, the value before and after. Keyed by
 * the event and the change's place in it, so a replay writes the same rows.
 */
@Entity('audit_entry')
// Newest first, for one record, one user, or everyone.
@Index('audit_entry_record_idx', ['recordId', 'changedAt', 'eventId', 'seq'])
@Index('audit_entry_user_idx', ['changedBy', 'changedAt', 'eventId', 'seq'])
@Index('audit_entry_time_idx', ['changedAt', 'eventId', 'seq'])
export class AuditEntryEntity {
  @PrimaryColumn('uuid')
  eventId!: string;

  /** Its place among the event's changes, from 0. */
  @PrimaryColumn('int')
  seq!: number;

  /** An AuditRecordType. */
  @Column('text')
  recordType!: string;

  @Column('uuid')
  recordId!: string;

  @Column('text')
  field!: string;

  /** As the event carried it, JSON null when the field had no value. */
  @Column('jsonb')
  oldValue!: unknown;

  @Column('jsonb')
  newValue!: unknown;

  /** The user who made the change; null for the system. */
  @Column('uuid', { nullable: true })
  changedBy!: string | null;

  /** The event's time. */
  @Column('timestamptz')
  changedAt!: Date;
}
