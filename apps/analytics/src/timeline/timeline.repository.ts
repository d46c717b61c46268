import { hydrate, type Transaction } from '@crm/database';
import { KeysetCursors, type Keyset } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { CustomerMetricsEntity } from './customer-metrics.entity';
import { TimelineEntryEntity } from './timeline-entry.entity';
import type { TimelineFilter } from './timeline.input';

/** A timeline pages newest first by (occurredAt, id), the customer's timeline and the global one alike. */
export const TIMELINE_CURSORS = new KeysetCursors('timeline', { NEWEST_FIRST: { occurredAt: 'timestamp', id: 'uuid' } });

/** Where a timeline page starts: strictly older than this entry. */
export type TimelineKeyset = Keyset<(typeof TIMELINE_CURSORS.sorts)['NEWEST_FIRST']>;

@Injectable()
export class TimelineRepository {
  constructor(
    @InjectRepository(TimelineEntryEntity) private readonly entries: Repository<TimelineEntryEntity>,
    @InjectRepository(CustomerMetricsEntity) private readonly metrics: Repository<CustomerMetricsEntity>,
  ) {}

  /**
   * Inserts the entries and counts them in their customers' metrics, in one statement for any
   * number of entries (a consumer's chunk): the metrics move only by the entries that are new, so
   * even an event replayed past the inbox is counted once. Metrics rows are written in customer id
   * order, so two chunks (two partitions) touching the same customers lock them in one order.
   */
  async recordAll(tx: Transaction, entries: TimelineEntryEntity[], now: Date): Promise<void> {
    if (!entries.length) return;
    await tx.manager.query(
      `WITH entry AS (
         INSERT INTO timeline_entry (id, customer_id, occurred_at, type, source, summary, link_type, link_id)
         -- A customer merged away: its events count for the survivor.
         SELECT e.id, coalesce(a.survivor_id, e."customerId"), e."occurredAt", e.type, e.source, e.summary, e."linkType", e."linkId"
         FROM ROWS FROM (json_to_recordset($1::json) AS (id uuid, "customerId" uuid, "occurredAt" timestamptz, type text, source text,
                summary text, "linkType" text, "linkId" uuid)) WITH ORDINALITY AS e
           LEFT JOIN customer_alias a ON a.merged_id = e."customerId"
         ORDER BY e.ordinality
         ON CONFLICT (id) DO NOTHING
         RETURNING customer_id, occurred_at
       )
       INSERT INTO customer_metrics (customer_id, interaction_count, last_interaction_at, updated_at)
       SELECT customer_id, count(*), max(occurred_at), $2 FROM entry GROUP BY customer_id ORDER BY customer_id
       ON CONFLICT (customer_id) DO UPDATE SET
         interaction_count = customer_metrics.interaction_count + excluded.interaction_count,
         last_interaction_at = greatest(customer_metrics.last_interaction_at, excluded.last_interaction_at),
         updated_at = excluded.updated_at`,
      [JSON.stringify(entries), now],
    );
  }

  /**
   * Follows a customer merge: `mergedId`'s timeline entries and metrics move to the survivor (the
   * end of its own chain of merges), and later events about `mergedId` will too. Answers false,
   * changing nothing, when this merge was applied already.
   */
  async mergeCustomer(tx: Transaction, mergedId: string, survivorId: string, mergedAt: Date, now: Date): Promise<boolean> {
    const [{ survivor }] = await tx.manager.query<[{ survivor: string }]>(
      'SELECT coalesce((SELECT survivor_id FROM customer_alias WHERE merged_id = $1), $1::uuid) AS survivor',
      [survivorId],
    );
    if (survivor === mergedId) return false;
    const added = await tx.manager.query<unknown[]>(
      'INSERT INTO customer_alias (merged_id, survivor_id, merged_at) VALUES ($1, $2, $3) ON CONFLICT (merged_id) DO NOTHING RETURNING merged_id',
      [mergedId, survivor, mergedAt],
    );
    if (added.length === 0) return false;
    await tx.manager.query('UPDATE customer_alias SET survivor_id = $2 WHERE survivor_id = $1', [mergedId, survivor]);
    await tx.manager.query('UPDATE timeline_entry SET customer_id = $2 WHERE customer_id = $1', [mergedId, survivor]);
    await tx.manager.query(
      `WITH gone AS (DELETE FROM customer_metrics WHERE customer_id = $1 RETURNING interaction_count, last_interaction_at)
       INSERT INTO customer_metrics (customer_id, interaction_count, last_interaction_at, updated_at)
       SELECT $2, interaction_count, last_interaction_at, $3 FROM gone
       ON CONFLICT (customer_id) DO UPDATE SET
         interaction_count = customer_metrics.interaction_count + excluded.interaction_count,
         last_interaction_at = greatest(customer_metrics.last_interaction_at, excluded.last_interaction_at),
         updated_at = excluded.updated_at`,
      [mergedId, survivor, now],
    );
    return true;
  }

  /** One page of the feed of all customers' interactions, newest first. */
  page(filter: TimelineFilter, after: TimelineKeyset | null, limit: number): Promise<TimelineEntryEntity[]> {
    const qb = this.entries.createQueryBuilder('t');
    if (filter.customerId) qb.andWhere('t.customerId = :customerId', { customerId: filter.customerId });
    if (filter.type) qb.andWhere('t.type = :type', { type: filter.type });
    if (filter.source) qb.andWhere('t.source = :source', { source: filter.source });
    if (after) qb.andWhere('(t.occurredAt, t.id) < (:afterTime, :afterId)', { afterTime: after.occurredAt, afterId: after.id });
    return qb.orderBy('t.occurredAt', 'DESC').addOrderBy('t.id', 'DESC').limit(limit).getMany();
  }

  /** Metrics rows of the customers that have any, in one statement. */
  metricsByCustomerIds(customerIds: readonly string[]): Promise<CustomerMetricsEntity[]> {
    return this.metrics.findBy({ customerId: Any(customerIds) });
  }

  /**
   * The newest `perCustomer` entries of each customer older than `after` (when given), in one
   * statement for any number of customers.
   */
  async newestByCustomerIds(
    customerIds: readonly string[],
    perCustomer: number,
    after: TimelineKeyset | null,
  ): Promise<TimelineEntryEntity[]> {
    const params: unknown[] = [customerIds, perCustomer];
    let older = '';
    if (after) {
      params.push(after.occurredAt, after.id);
      older = 'AND (t.occurred_at, t.id) < ($3::timestamptz, $4::uuid)';
    }
    const rows = await this.entries.query<Record<string, unknown>[]>(
      `SELECT * FROM (
         SELECT t.*, row_number() OVER (PARTITION BY t.customer_id ORDER BY t.occurred_at DESC, t.id DESC) AS rn
         FROM timeline_entry t WHERE t.customer_id = ANY($1::uuid[]) ${older}
       ) ranked WHERE rn <= $2 ORDER BY customer_id, occurred_at DESC, id DESC`,
      params,
    );
    return rows.map((r) => hydrate(this.entries.manager, TimelineEntryEntity, r));
  }
}
