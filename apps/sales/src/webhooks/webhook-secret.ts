import { createHmac } from 'node:crypto';

/**
 * An endpoint's signing secret in the Standard Webhooks form (`whsec_` and base64 of 32 bytes):
 * HMAC-SHA256 of the endpoint id under WEBHOOK_SECRET. Derived rather than stored, so neither
 * database nor any event holds it; sales shows it once at registration, the webhook worker
 * derives the same from the same setting when it signs.
 */
export function webhookSigningSecret(webhookSecret: string, endpointId: string): string {
  return `whsec_${createHmac('sha256', webhookSecret).update(`webhook-endpoint:${endpointId}`).digest('base64')}`;
}
