import { Connection } from '@crm/graphql';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity';

export enum WebhookDeliveryOutcome {
  DELIVERED = 'DELIVERED',
  RETRYING = 'RETRYING',
  GAVE_UP = 'GAVE_UP',
}

registerEnumType(WebhookDeliveryOutcome, {
  name: 'WebhookDeliveryOutcome',
  description: 'DELIVERED (2xx), RETRYING (another attempt is scheduled) or GAVE_UP (the attempts ran out).',
});

@ObjectType({ description: 'One attempt at delivering one event to an endpoint, as the webhook worker reported it.' })
export class WebhookDeliveryAttempt {
  @Field(() => ID, { description: 'The delivery (one event to one endpoint); its attempts share it.' })
  deliveryId!: string;

  @Field(() => ID, { description: 'The delivered event: the `webhook-id` header the receiver saw.' })
  eventId!: string;

  @Field()
  eventType!: string;

  @Field(() => Int, { description: '1 for the first try.' })
  attempt!: number;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status; null when none came." })
  statusCode!: number | null;

  @Field(() => Int)
  durationMs!: number;

  @Field(() => String, { nullable: true, description: 'Why it failed; null when delivered.' })
  error!: string | null;

  @Field(() => WebhookDeliveryOutcome)
  outcome!: WebhookDeliveryOutcome;

  @Field(() => Date, { nullable: true })
  nextAttemptAt!: Date | null;

  @Field()
  attemptedAt!: Date;
}

@ObjectType()
export class WebhookDeliveryAttemptConnection extends Connection(WebhookDeliveryAttempt) {}

export function toWebhookDeliveryAttempt(e: WebhookDeliveryAttemptEntity): WebhookDeliveryAttempt {
  return {
    deliveryId: e.deliveryId,
    eventId: e.eventId,
    eventType: e.eventType,
    attempt: e.attempt,
    statusCode: e.statusCode,
    durationMs: e.durationMs,
    error: e.error,
    outcome: e.outcome as WebhookDeliveryOutcome,
    nextAttemptAt: e.nextAttemptAt,
    attemptedAt: e.attemptedAt,
  };
}
