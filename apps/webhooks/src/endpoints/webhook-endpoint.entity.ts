import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The worker's copy of an endpoint registered in sales, kept from sales' webhook-endpoint events
 * (the worker never calls sales), with what only the worker knows: its failures in a row.
 */
@Entity('webhook_endpoint')
export class WebhookEndpointEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_webhook_endpoint' })
  id!: string;

  @Column('text')
  url!: string;

  /** CloudEvents types it takes. */
  @Column('text', { array: true })
  eventTypes!: string[];

  @Column('boolean')
  enabled!: boolean;

  /** Failed attempts since its last success or its last enabling; at WEBHOOK_DISABLE_AFTER_FAILURES it is disabled. */
  @Column('int', { default: 0 })
  consecutiveFailures!: number;

  @Column('timestamptz')
  updatedAt!: Date;
}
