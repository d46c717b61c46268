import { subscribedTypes, type CloudEvent } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';

/** A delivery claimed for one attempt, with where it goes. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  body: string;
  /** Attempts made before this one. */
  attempts: number;
  url: string;
}

export interface AttemptRecord {
  attempt: number;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  attemptedAt: Date;
}

/** What a webhook receiver gets: the CloudEvent as JSON (its `type`, `time` and `data` at the top, as Standard Webhooks suggests). */
export function webhookBody(event: CloudEvent): string {
  const { id, source, type, subject, time, specversion, datacontenttype, data } = event;
  return JSON.stringify({ id, specversion, type, source, subject, time, datacontenttype, data });
}

@Injectable()
export class WebhookDeliveryRepository {
  /**
   * Queues the event for every endpoint that chose its type, or a type it replaced (an endpoint
   * registered for customer.updated.v1 gets v2 now that v1 is no longer published), enabled or not
   * (a disabled endpoint's deliveries wait for it). The unique key makes a second queueing of the
   * same event a no-op.
   */
  async enqueue(tx: Transaction, event: CloudEvent, now: Date): Promise<void> {
    await tx.manager.query(
      `INSERT INTO webhook_delivery (id, endpoint_id, event_id, event_type, ordering_key, body, next_attempt_at)
       SELECT gen_random_uuid(), e.id, $1, $2, $3, $4, $5 FROM webhook_endpoint e WHERE e.event_types && $6::text[]
       ORDER BY e.id
       ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
      [event.id, event.type, event.subject, webhookBody(event), now, subscribedTypes(event.type)],
    );
  }

  /**
   * Claims up to `limit` due deliveries to enabled endpoints, each the oldest pending one of its
   * customer for its endpoint (a later event waits while an earlier one is retrying, other
   * customers' go on), and leases them until `leaseUntil`: another worker skips them, and a worker
   * that dies mid-attempt leaves them to be retried when the lease runs out.
   */
  async claimDue(tx: Transaction, now: Date, limit: number, leaseUntil: Date): Promise<ClaimedDelivery[]> {
    return tx.manager.query(
      `WITH due AS (
         SELECT d.id FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id AND e.enabled
         WHERE d.status = 'PENDING' AND d.next_attempt_at <= $1
           AND NOT EXISTS (SELECT 1 FROM webhook_delivery p
                           WHERE p.endpoint_id = d.endpoint_id AND p.ordering_key = d.ordering_key AND p.status = 'PENDING' AND p.seq < d.seq)
         ORDER BY d.next_attempt_at, d.seq
         LIMIT $2
         FOR UPDATE OF d SKIP LOCKED
       ), claimed AS (
         UPDATE webhook_delivery d SET next_attempt_at = $3 FROM due WHERE d.id = due.id
         RETURNING d.id, d.endpoint_id, d.event_id, d.event_type, d.body, d.attempts
       )
       SELECT c.id, c.endpoint_id AS "endpointId", c.event_id AS "eventId", c.event_type AS "eventType", c.body, c.attempts, e.url
       FROM claimed c JOIN webhook_endpoint e ON e.id = c.endpoint_id`,
      [now, limit, leaseUntil],
    );
  }

  async logAttempt(tx: Transaction, deliveryId: string, a: AttemptRecord): Promise<void> {
    await tx.manager.query(
      'INSERT INTO webhook_delivery_attempt (delivery_id, attempt, status_code, duration_ms, error, attempted_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [deliveryId, a.attempt, a.statusCode, a.durationMs, a.error, a.attemptedAt],
    );
  }

  /** Delivered or given up: done either way, so the customer's next delivery may go. */
  async finish(tx: Transaction, id: string, attempts: number, status: 'DELIVERED' | 'GAVE_UP'): Promise<void> {
    await tx.manager.query('UPDATE webhook_delivery SET status = $2, attempts = $3 WHERE id = $1', [id, status, attempts]);
  }

  async retryAt(tx: Transaction, id: string, attempts: number, at: Date): Promise<void> {
    await tx.manager.query('UPDATE webhook_delivery SET attempts = $2, next_attempt_at = $3 WHERE id = $1', [id, attempts, at]);
  }

  /** An endpoint enabled again: its waiting deliveries are due now, the oldest of each customer first. */
  async resumeEndpoint(tx: Transaction, endpointId: string, now: Date): Promise<void> {
    await tx.manager.query(`UPDATE webhook_delivery SET next_attempt_at = $2 WHERE endpoint_id = $1 AND status = 'PENDING'`, [
      endpointId,
      now,
    ]);
  }
}
