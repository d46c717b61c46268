import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The worker's delivery log: one row per attempt (sales keeps the same from the attempt events, for the graph). */
@Entity('webhook_delivery_attempt')
export class WebhookDeliveryAttemptEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_webhook_delivery_attempt' })
  deliveryId!: string;

  @PrimaryColumn('int', { primaryKeyConstraintName: 'PK_webhook_delivery_attempt' })
  attempt!: number;

  @Column('int', { nullable: true })
  statusCode!: number | null;

  @Column('int')
  durationMs!: number;

  @Column('text', { nullable: true })
  error!: string | null;

  @Column('timestamptz')
  attemptedAt!: Date;
}
