import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';

export interface EndpointState {
  id: string;
  url: string;
  eventTypes: string[];
  enabled: boolean;
  at: Date;
}

@Injectable()
export class WebhookEndpointRepository {
  /** The endpoint as sales' latest event has it; enabling it (again) forgets its past failures. */
  async upsert(tx: Transaction, e: EndpointState): Promise<void> {
    await tx.manager.query(
      `INSERT INTO webhook_endpoint (id, url, event_types, enabled, consecutive_failures, updated_at) VALUES ($1, $2, $3, $4, 0, $5)
       ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, event_types = EXCLUDED.event_types, enabled = EXCLUDED.enabled,
         consecutive_failures = CASE WHEN EXCLUDED.enabled THEN 0 ELSE webhook_endpoint.consecutive_failures END,
         updated_at = EXCLUDED.updated_at`,
      [e.id, e.url, e.eventTypes, e.enabled, e.at],
    );
  }

  async recordSuccess(tx: Transaction, id: string): Promise<void> {
    await tx.manager.query('UPDATE webhook_endpoint SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures > 0', [id]);
  }

  /**
   * Counts a failure and disables the endpoint when it reaches `disableAfter` in a row; answers
   * how many in a row, and whether this failure is the one that disabled it.
   */
  async recordFailure(tx: Transaction, id: string, disableAfter: number, now: Date): Promise<{ failures: number; disabled: boolean }> {
    const [row] = await tx.manager.query<{ failures: number; disabled: boolean }[]>(
      `WITH before AS (SELECT enabled FROM webhook_endpoint WHERE id = $1 FOR UPDATE),
       after AS (
         UPDATE webhook_endpoint SET consecutive_failures = consecutive_failures + 1,
           enabled = enabled AND consecutive_failures + 1 < $2,
           updated_at = CASE WHEN enabled AND consecutive_failures + 1 >= $2 THEN $3 ELSE updated_at END
         WHERE id = $1 RETURNING consecutive_failures, enabled
       )
       SELECT after.consecutive_failures AS failures, (before.enabled AND NOT after.enabled) AS disabled FROM before, after`,
      [id, disableAfter, now],
    );
    return row ?? { failures: 0, disabled: false };
  }
}
