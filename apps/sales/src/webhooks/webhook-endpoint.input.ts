import { AllEvents, WEBHOOKS_SOURCE } from '@crm/contracts';
import { ConnectionArgs, trim } from '@crm/graphql';
import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { WEBHOOK_URL_MAX } from './webhook-url';

/**
 * Every event type an endpoint may ask for: the contracts' CloudEvents types, but for the webhook
 * worker's own (an attempt delivered as a webhook would be one more attempt to deliver, forever).
 */
export const WEBHOOK_EVENT_TYPES: readonly string[] = AllEvents.filter((c) => c.source !== WEBHOOKS_SOURCE).map((c) => c.type);

@InputType()
export class RegisterWebhookEndpointInput {
  @Field({ description: 'Where deliveries are POSTed: https, to a public host (checked when registered and at each delivery).' })
  @Transform(trim)
  @IsString()
  @Length(1, WEBHOOK_URL_MAX, { message: `url must be 1 to ${WEBHOOK_URL_MAX} characters` })
  url!: string;

  @Field(() => [String], { description: 'CloudEvents types to deliver, e.g. "crm.sales.customer.created.v1".' })
  @ArrayMinSize(1, { message: 'eventTypes must name at least one event type' })
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length, { message: `eventTypes must have at most ${WEBHOOK_EVENT_TYPES.length} entries` })
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: 'eventTypes must be event types of the contracts, e.g. crm.sales.customer.created.v1' })
  eventTypes!: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200, { message: 'description must be 1 to 200 characters' })
  description?: string | null;
}

@ArgsType()
export class WebhookEndpointsArgs extends ConnectionArgs {}
