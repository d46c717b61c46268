import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryColumn } from 'typeorm';

/** Events written in the same transaction as the change they describe; the relay publishes them. */
@Entity('outbox')
@Index('outbox_unpublished_idx', ['seq'], { where: 'published_at IS NULL' })
export class OutboxEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Commit order within this database, so the relay publishes a customer's events in order. */
  @Column('bigint')
  @Generated('increment')
  seq!: string;

  @Column('text')
  topic!: string;

  @Column('text')
  type!: string;

  @Column('text')
  source!: string;

  /** CloudEvents subject and Kafka key: the customer id. */
  @Column('text')
  subject!: string;

  @Column('timestamptz')
  time!: Date;

  @Column('jsonb')
  data!: Record<string, unknown>;

  /** W3C trace context of the transaction that wrote the event; the relay sends it as the `traceparent` header. */
  @Column('text', { nullable: true })
  traceparent!: string | null;

  @Column('timestamptz', { nullable: true })
  publishedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
