import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { defineEvent } from './cloud-event';

/**
 * What the webhook worker tells sales about its deliveries: every attempt (sales keeps the log an
 * admin reads as `WebhookEndpoint.deliveries`) and an endpoint it stopped for failing (sales marks
 * it disabled, so `enableWebhookEndpoint` turns it on again). Keyed by the endpoint.
 */
export const WEBHOOKS_DELIVERY_TOPIC = 'crm.webhooks.delivery.v1';
/** The worker's CloudEvents source: its events are never themselves delivered as webhooks. */
export const WEBHOOKS_SOURCE = 'crm.webhooks';

/**
 * An endpoint's signing secret in the Standard Webhooks form (`whsec_` and base64 of 32 bytes):
 * HMAC-SHA256 of the endpoint id under WEBHOOK_SECRET. Derived rather than stored, so neither
 * database nor any event holds it; sales shows it once at registration and the webhook worker
 * derives the same when it signs. Here because both sides must derive it alike.
 */
export function webhookSigningSecret(webhookSecret: string, endpointId: string): string {
  return `whsec_${createHmac('sha256', webhookSecret).update(`webhook-endpoint:${endpointId}`).digest('base64')}`;
}

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

/** One attempt at delivering one event to one endpoint. */
export const WebhookDeliveryAttempted = defineEvent({
  type: 'crm.webhooks.delivery.attempted.v1',
  topic: WEBHOOKS_DELIVERY_TOPIC,
  source: WEBHOOKS_SOURCE,
  schema: z.object({
    deliveryId: id,
    endpointId: id,
    /** The delivered event: its id is the `webhook-id` the receiver sees. */
    eventId: id,
    eventType: z.string(),
    /** 1 for the first try. */
    attempt: z.number().int().min(1),
    /** The receiver's HTTP status; null when none came (refused, timed out, unreachable). */
    statusCode: z.number().int().nullable(),
    durationMs: z.number().int().min(0),
    /** Why it failed; null when delivered. */
    error: z.string().nullable(),
    /** DELIVERED; RETRYING (another attempt is scheduled); GAVE_UP (the attempts ran out). */
    outcome: z.enum(['DELIVERED', 'RETRYING', 'GAVE_UP']),
    /** When the next attempt is due, for RETRYING. */
    nextAttemptAt: timestamp.nullable(),
    attemptedAt: timestamp,
  }),
  subject: (d) => d.endpointId,
});

/** The worker stopped delivering to an endpoint after this many failed attempts in a row. */
export const WebhookEndpointFailing = defineEvent({
  type: 'crm.webhooks.endpoint.disabled.v1',
  topic: WEBHOOKS_DELIVERY_TOPIC,
  source: WEBHOOKS_SOURCE,
  schema: z.object({ endpointId: id, consecutiveFailures: z.number().int().min(1), lastError: z.string(), disabledAt: timestamp }),
  subject: (d) => d.endpointId,
});

export const WebhookDeliveryEvents = [WebhookDeliveryAttempted, WebhookEndpointFailing];
