import { AllEvents, WEBHOOKS_SOURCE } from '@crm/contracts';
import { ConnectionArgs, TrimmedString } from '@crm/graphql';
import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsIn } from 'class-validator';
import { WEBHOOK_URL_MAX } from './webhook-url';

/**
 * Every event type an endpoint may ask for: the contracts' CloudEvents types, but for the webhook
 * worker's own (an attempt delivered as a webhook would be one more attempt to deliver, forever).
 */
export const WEBHOOK_EVENT_TYPES: readonly string[] = AllEvents.filter((c) => c.source !== WEBHOOKS_SOURCE).map((c) => c.type);

@InputType()
export class RegisterWebhookEndpointInput {
  @Field({ description: 'Where deliveries are POSTed: https, to a public host (checked when registered and at each delivery).' })
  @TrimmedString({ min: 1, max: WEBHOOK_URL_MAX })
  url!: string;

  @Field(() => [String], { description: 'CloudEvents types to deliver, e.g. "crm.sales.customer.created.v1".' })
  @ArrayMinSize(1, { message: 'eventTypes must name at least one event type' })
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length, { message: `eventTypes must have at most ${WEBHOOK_EVENT_TYPES.length} entries` })
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: 'eventTypes must be event types of the contracts, e.g. crm.sales.customer.created.v1' })
  eventTypes!: string[];

  @Field(() => String, { nullable: true })
  @TrimmedString({ min: 1, max: 200, optional: true })
  description?: string | null;
}

@ArgsType()
export class WebhookEndpointsArgs extends ConnectionArgs {}
