import { createHmac } from 'node:crypto';

/**
 * The Standard Webhooks signature (`webhook-signature: v1,<base64>`): HMAC-SHA256 of
 * `<webhook-id>.<webhook-timestamp>.<body>` under the secret's base64 bytes after `whsec_`.
 * node:crypto rather than the `standardwebhooks` package: signing is these three lines, and the
 * package would bring two hashing and base64 dependencies into the worker for them; the tests verify
 * the result with that package, as a receiver would.
 */
export function signWebhook(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${webhookId}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** The three headers of a signed delivery. */
export function webhookHeaders(secret: string, webhookId: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, webhookId, timestamp, body),
  };
}
