import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OutboxRow } from './cloud-event-codec';

@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Locks up to `limit` unpublished rows in commit order, hands them to `publish`, and marks them
   * published in the same transaction. If `publish` throws, nothing is marked and the rows are
   * retried; SKIP LOCKED lets several relays share the table without taking the same rows.
   */
  async publishNextBatch(limit: number, publish: (rows: OutboxRow[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query<OutboxRow[]>(
        `SELECT id, topic, type, source, subject, time, data FROM outbox
         WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await publish(rows);
      await m.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }
}
