import { WebhookDeliveryAttempted, WebhookEndpointFailing } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { WebhookEndpointService } from './webhook-endpoint.service';

/** Consumer group (and inbox name) that keeps the webhook worker's delivery log and its disablings. */
export const WEBHOOK_DELIVERIES_GROUP_ID = 'sales-webhook-deliveries';

/**
 * What the webhook worker reports: each attempt goes into the log `WebhookEndpoint.deliveries`
 * reads, and an endpoint it stopped for failing is marked disabled here, where an admin enables it
 * again (which the worker hears as it hears any change of an endpoint).
 */
@Injectable()
export class WebhookDeliveryConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly endpoints: WebhookEndpointService,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(WEBHOOK_DELIVERIES_GROUP_ID, [
      on(WebhookDeliveryAttempted, (event, tx) => this.endpoints.logAttempt(tx, event.id, event.data)),
      on(WebhookEndpointFailing, ({ data }, tx) => this.endpoints.disableForFailures(tx, data.endpointId)),
    ]);
  }
}
