import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OutboxRow } from './cloud-event-codec';

/** Advisory lock key of the relay that is publishing. */
const RELAY_LOCK = 'crm.outbox.relay';

export interface OutboxBacklog {
  depth: number;
  /** Seconds since the oldest unpublished event was written; 0 when there is none. */
  oldestAgeSeconds: number;
}

@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Locks up to `limit` unpublished rows in commit order, hands them to `publish`, and marks them
   * published in the same transaction. If `publish` throws, nothing is marked and the rows are
   * retried. Several relays may run: the transaction-scoped advisory lock lets one publish at a
   * time (two publishing side by side could send one customer's events out of order), the others
   * wait as hot standbys and take over the moment its session ends; SKIP LOCKED keeps a relay off
   * rows another still holds.
   */
  async publishNextBatch(limit: number, publish: (rows: OutboxRow[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const [lock] = await m.query<{ ok: boolean }[]>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok', [RELAY_LOCK]);
      if (!lock?.ok) return 0;
      const rows = await m.query<OutboxRow[]>(
        `SELECT id, topic, type, source, subject, time, data::text AS "dataJson", traceparent, seq FROM outbox
         WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await publish(rows);
      await m.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** Deletes up to `limit` rows published before `before`; returns how many went. */
  async prunePublished(before: Date, limit: number): Promise<number> {
    const rows = await this.dataSource.query<unknown[]>(
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox WHERE published_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED
       ) RETURNING id`,
      [before, limit],
    );
    return rows.length;
  }

  /** What operators watch: how many events wait, and for how long the oldest has. */
  async backlog(): Promise<OutboxBacklog> {
    const [row] = await this.dataSource.query<{ depth: string; age: string | null }[]>(
      `SELECT count(*) AS depth, extract(epoch FROM now() - min(created_at)) AS age FROM outbox WHERE published_at IS NULL`,
    );
    return { depth: Number(row?.depth ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.age ?? 0)) };
  }

  /** The database URL, for the relay's own LISTEN connection (a pooled connection cannot hold a LISTEN). */
  connectionString(): string {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) throw new Error('the outbox relay needs a data source configured by url');
    return url;
  }
}
