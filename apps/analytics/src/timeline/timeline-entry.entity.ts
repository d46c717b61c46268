import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One interaction with a customer, built from one event. Rows are only ever inserted. */
@Entity('timeline_entry')
@Index('timeline_entry_customer_idx', ['customerId', 'occurredAt', 'id'])
@Index('timeline_entry_occurred_idx', ['occurredAt', 'id'])
export class TimelineEntryEntity {
  /** The id of the event it was built from, so an event can never be counted twice. */
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  customerId!: string;

  /** The event's `time`. */
  @Column('timestamptz')
  occurredAt!: Date;

  @Column('text')
  type!: string;

  @Column('text')
  source!: string;

  @Column('text')
  summary!: string;

  /** The GraphQL type a console opens for the entry (Case, Opportunity...); null on entries written before links existed. */
  @Column('text', { nullable: true })
  linkType!: string | null;

  @Column('uuid', { nullable: true })
  linkId!: string | null;
}
