import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The delivery log an admin reads on an endpoint: one row per attempt, kept from the webhook
 * worker's attempt events (keyed by the event, so a redelivered one adds nothing).
 */
@Entity('webhook_delivery_attempt')
@Index('webhook_delivery_attempt_endpoint_idx', ['endpointId', 'attemptedAt', 'id'])
export class WebhookDeliveryAttemptEntity {
  /** The attempt event's id. */
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_webhook_delivery_attempt' })
  id!: string;

  @Column('uuid')
  endpointId!: string;

  @Column('uuid')
  deliveryId!: string;

  @Column('uuid')
  eventId!: string;

  @Column('text')
  eventType!: string;

  @Column('int')
  attempt!: number;

  @Column('int', { nullable: true })
  statusCode!: number | null;

  @Column('int')
  durationMs!: number;

  @Column('text', { nullable: true })
  error!: string | null;

  @Column('text')
  outcome!: string;

  @Column('timestamptz', { nullable: true })
  nextAttemptAt!: Date | null;

  @Column('timestamptz')
  attemptedAt!: Date;
}
