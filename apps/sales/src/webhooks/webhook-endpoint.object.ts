import { Connection } from '@crm/graphql';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';

@ObjectType({ description: 'An HTTPS endpoint the webhook worker delivers the chosen event types to, signed (Standard Webhooks).' })
export class WebhookEndpoint {
  @Field(() => ID)
  id!: string;

  @Field()
  url!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [String])
  eventTypes!: string[];

  @Field({ description: 'False once disabled: nothing is delivered until an admin enables it again.' })
  enabled!: boolean;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class WebhookEndpointConnection extends Connection(WebhookEndpoint) {}

@ObjectType({ description: 'A new endpoint and, this once, the secret its deliveries are signed with.' })
export class RegisteredWebhookEndpoint {
  @Field(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;

  @Field({ description: 'The Standard Webhooks signing secret (`whsec_...`): store it now, it is not shown again.' })
  secret!: string;
}

export function toWebhookEndpoint(e: WebhookEndpointEntity): WebhookEndpoint {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes,
    enabled: e.enabled,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}
