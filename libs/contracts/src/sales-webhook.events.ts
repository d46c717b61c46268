import { z } from 'zod';
import { defineEvent } from './cloud-event';

/** Declared here rather than in topics.ts so the webhook endpoints' contracts stay in one file. */
export const SALES_WEBHOOK_ENDPOINT_TOPIC = 'crm.sales.webhook-endpoint.v1';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

/** An endpoint as it stands after the change: where deliveries go and which event types it takes. */
const endpoint = {
  endpointId: id,
  /** https in production (checked when registered), a local receiver in development. */
  url: z.string(),
  /** CloudEvents types, e.g. `crm.sales.customer.created.v1`. */
  eventTypes: z.array(z.string()).min(1),
  enabled: z.boolean(),
};

/**
 * An admin registered an endpoint. Its signing secret is not in the event: the webhook worker
 * derives it from the endpoint id and the secret both services are given, so no event log, dead
 * letter or replay ever holds it. Keyed by the endpoint: its events stay in order.
 */
export const WebhookEndpointRegistered = defineEvent({
  type: 'crm.sales.webhook-endpoint.registered.v1',
  topic: SALES_WEBHOOK_ENDPOINT_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...endpoint, registeredAt: timestamp }),
  subject: (d) => d.endpointId,
});

/** Turned on again by an admin (after the worker disabled it for failing) or off by one: deliveries resume or stop. */
export const WebhookEndpointEnabledChanged = defineEvent({
  type: 'crm.sales.webhook-endpoint.enabled-changed.v1',
  topic: SALES_WEBHOOK_ENDPOINT_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...endpoint, changedAt: timestamp }),
  subject: (d) => d.endpointId,
});

export const WebhookEndpointEvents = [WebhookEndpointRegistered, WebhookEndpointEnabledChanged];
