import type { Transaction } from '@crm/database';
import { KeysetCursors, type Keyset } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { CustomerMetricsEntity } from './customer-metrics.entity';
import { TimelineEntryEntity } from './timeline-entry.entity';
import type { TimelineFilter } from './timeline.input';

interface EntryRow {
  id: string;
  customer_id: string;
  occurred_at: Date;
  type: string;
  source: string;
  summary: string;
  link_type: string | null;
  link_id: string | null;
}

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
   * Inserts the entry and counts it in the customer's metrics, in one statement: the metrics move
   * only when the entry is new, so even an event replayed past the inbox is counted once.
   */
  async record(tx: Transaction, entry: TimelineEntryEntity, now: Date): Promise<boolean> {
    const rows = await tx.manager.query<{ customer_id: string }[]>(
      `WITH entry AS (
         INSERT INTO timeline_entry (id, customer_id, occurred_at, type, source, summary, link_type, link_id)
         -- A customer merged away: its events count for the survivor.
         VALUES ($1, coalesce((SELECT a.survivor_id FROM customer_alias a WHERE a.merged_id = $2), $2), $3, $4, $5, $6, $8, $9)
         ON CONFLICT (id) DO NOTHING
         RETURNING customer_id, occurred_at
       )
       INSERT INTO customer_metrics (customer_id, interaction_count, last_interaction_at, updated_at)
       SELECT customer_id, 1, occurred_at, $7 FROM entry
       ON CONFLICT (customer_id) DO UPDATE SET
         interaction_count = customer_metrics.interaction_count + 1,
         last_interaction_at = greatest(customer_metrics.last_interaction_at, excluded.last_interaction_at),
         updated_at = excluded.updated_at
       RETURNING customer_id`,
      [entry.id, entry.customerId, entry.occurredAt, entry.type, entry.source, entry.summary, now, entry.linkType, entry.linkId],
    );
    return rows.length > 0;
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
    const rows = await this.entries.query<EntryRow[]>(
      `SELECT * FROM (
         SELECT t.*, row_number() OVER (PARTITION BY t.customer_id ORDER BY t.occurred_at DESC, t.id DESC) AS rn
         FROM timeline_entry t WHERE t.customer_id = ANY($1::uuid[]) ${older}
       ) ranked WHERE rn <= $2 ORDER BY customer_id, occurred_at DESC, id DESC`,
      params,
    );
    return rows.map((r) =>
      this.entries.create({
        id: r.id,
        customerId: r.customer_id,
        occurredAt: r.occurred_at,
        type: r.type,
        source: r.source,
        summary: r.summary,
        linkType: r.link_type,
        linkId: r.link_id,
      }),
    );
  }
}
