import { WebhookEndpointEnabledChanged, WebhookEndpointRegistered } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { WebhookDeliveryRepository } from '../deliveries/webhook-delivery.repository';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';

/** Consumer group (and inbox name) that keeps the worker's copy of sales' endpoints. */
export const WEBHOOK_ENDPOINTS_GROUP_ID = 'webhooks-endpoints';

/**
 * The worker learns endpoints from sales' events, never by calling sales: the events are keyed by
 * the endpoint, so each endpoint's changes arrive in the order sales made them.
 */
@Injectable()
export class WebhookEndpointConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(WEBHOOK_ENDPOINTS_GROUP_ID, [
      on(WebhookEndpointRegistered, async ({ data }, tx) => {
        await this.endpoints.upsert(tx, {
          id: data.endpointId,
          url: data.url,
          eventTypes: data.eventTypes,
          enabled: data.enabled,
          at: new Date(data.registeredAt),
        });
      }),
      on(WebhookEndpointEnabledChanged, async ({ data }, tx) => {
        const at = new Date(data.changedAt);
        await this.endpoints.upsert(tx, { id: data.endpointId, url: data.url, eventTypes: data.eventTypes, enabled: data.enabled, at });
        // Enabled again: what waited is due now rather than at its backed-off time.
        if (data.enabled) await this.deliveries.resumeEndpoint(tx, data.endpointId, new Date());
      }),
    ]);
  }
}
