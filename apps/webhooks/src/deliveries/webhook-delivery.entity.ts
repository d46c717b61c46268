import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'GAVE_UP';

/**
 * One event to send to one endpoint. Queued in the consumer's transaction (so the inbox makes a
 * redelivered event queue nothing), then sent by the dispatcher: `seq` is the order the worker
 * received them in, and a customer's (`orderingKey`) delivery waits while an earlier one of the
 * same customer to the same endpoint is pending.
 */
@Entity('webhook_delivery')
@Index('webhook_delivery_event_key', ['endpointId', 'eventId'], { unique: true })
@Index('webhook_delivery_due_idx', ['nextAttemptAt'], { where: `"status" = 'PENDING'` })
@Index('webhook_delivery_order_idx', ['endpointId', 'orderingKey', 'seq'], { where: `"status" = 'PENDING'` })
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_webhook_delivery' })
  id!: string;

  @Column('bigint')
  @Generated('increment')
  seq!: string;

  @Column('uuid')
  endpointId!: string;

  /** The event's id: the `webhook-id` header, the same on every attempt, for the receiver to deduplicate. */
  @Column('uuid')
  eventId!: string;

  @Column('text')
  eventType!: string;

  /** The event's CloudEvents subject: the customer id for customer events. */
  @Column('text')
  orderingKey!: string;

  /** The JSON sent, fixed when queued: the signature covers exactly these bytes on every attempt. */
  @Column('text')
  body!: string;

  @Column('text', { default: 'PENDING' })
  status!: DeliveryStatus;

  @Column('int', { default: 0 })
  attempts!: number;

  /** When it is due; while an attempt is in flight, when that attempt's lease runs out. */
  @Column('timestamptz')
  nextAttemptAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt!: Date;
}
