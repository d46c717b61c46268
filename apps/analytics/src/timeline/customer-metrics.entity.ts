import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per-customer counters kept up to date from the same events as the timeline. */
@Entity('customer_metrics')
export class CustomerMetricsEntity {
  @PrimaryColumn('uuid')
  customerId!: string;

  @Column('int')
  interactionCount!: number;

  /** The latest `occurred_at` seen, whatever order the events arrived in. */
  @Column('timestamptz')
  lastInteractionAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
