import { AllEvents, WEBHOOKS_SOURCE } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';

/** Consumer group (and inbox name) that queues deliveries. */
export const WEBHOOK_DELIVERIES_GROUP_ID = 'webhooks-deliveries';

/** Every contract an endpoint may choose: all but the worker's own (delivering those would feed itself). */
export const DELIVERABLE_EVENTS = AllEvents.filter((c) => c.source !== WEBHOOKS_SOURCE);

/**
 * Queues each event for the endpoints that chose its type, in the inbox's transaction: a
 * redelivered event queues nothing twice, and a queued delivery is never lost. Sending is the
 * dispatcher's, apart, so one slow receiver holds up no partition.
 */
@Injectable()
export class WebhookDeliveryConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly deliveries: WebhookDeliveryRepository,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(
      WEBHOOK_DELIVERIES_GROUP_ID,
      DELIVERABLE_EVENTS.map((contract) => on(contract, (event, tx) => this.deliveries.enqueue(tx, event, new Date()))),
    );
  }
}
