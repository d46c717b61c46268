import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { OPEN_STATUSES } from '../cases/case.enums';

export interface Period {
  from: Date;
  to: Date;
}

export interface BacklogRow {
  /** Which grouping set the row is: PRIORITY, QUEUE, AGE or ALL. */
  dim: 'PRIORITY' | 'QUEUE' | 'AGE' | 'ALL';
  priority: string | null;
  queue_id: string | null;
  queue_name: string | null;
  age: string | null;
  count: number;
  average_age_hours: number | null;
  oldest_age_hours: number | null;
  as_of: Date;
}

export interface SlaRow {
  first_response_met: number;
  first_response_breached: number;
  first_response_running: number;
  resolution_met: number;
  resolution_breached: number;
  resolution_running: number;
}

export interface HandleTimeRow {
  resolved: number;
  average_hours: number | null;
  median_hours: number | null;
}

export interface SatisfactionRow {
  score: number | null;
  count: number;
  average: number | null;
}

export interface ProductRow {
  product_id: string | null;
  opened: number;
  open: number;
}

const HOURS = (interval: string) => `round((extract(epoch FROM ${interval}) / 3600)::numeric, 2)::float8`;

/** Age bands of an open case, as BacklogAge names them. */
const AGE_BAND = `CASE WHEN now() - c.opened_at < interval '1 day' THEN 'UNDER_A_DAY'
                       WHEN now() - c.opened_at < interval '3 days' THEN 'ONE_TO_THREE_DAYS'
                       WHEN now() - c.opened_at < interval '7 days' THEN 'THREE_TO_SEVEN_DAYS'
                       ELSE 'OVER_A_WEEK' END`;

/**
 * Where an SLA clock stands: while the case is open, now, or when it began to wait on the customer
 * (the clock stopped there); once its work ended, its resolution.
 */
const CLOCK = `CASE WHEN c.status = ANY($3::text[]) THEN coalesce(c.sla_paused_at, now()) ELSE c.resolved_at END`;

/**
 * MET, BREACHED, RUNNING, or NULL when the case has no such target (or closed before it was due
 * without being answered, or was resolved before resolution times were recorded: nothing to judge).
 */
const FIRST_RESPONSE_STATE = `CASE
  WHEN c.first_response_due_at IS NULL THEN NULL
  WHEN c.first_response_breached_at IS NOT NULL OR c.first_responded_at > c.first_response_due_at THEN 'BREACHED'
  WHEN c.first_responded_at IS NOT NULL THEN 'MET'
  WHEN c.first_response_due_at <= ${CLOCK} THEN 'BREACHED'
  WHEN c.status = ANY($3::text[]) THEN 'RUNNING'
END`;

const RESOLUTION_STATE = `CASE
  WHEN c.resolution_due_at IS NULL THEN NULL
  WHEN c.resolution_breached_at IS NOT NULL OR c.resolved_at > c.resolution_due_at THEN 'BREACHED'
  WHEN c.resolved_at IS NOT NULL THEN 'MET'
  WHEN c.status <> ALL($3::text[]) THEN NULL
  WHEN c.resolution_due_at <= ${CLOCK} THEN 'BREACHED'
  ELSE 'RUNNING'
END`;

/** Cases counted by the period's figures: merged duplicates live on in the case they were merged into. */
const LIVE = 'c.merged_into_id IS NULL';

/**
 * The service dashboard's figures: one aggregate statement per figure group, no case row comes to
 * Node. They run in the caller's transaction, under the tables' row-level security.
 */
@Injectable()
export class ServiceDashboardRepository {
  /**
   * The open cases by priority, by queue and by age band, and all of them, from one scan: counted
   * first by (priority, queue, age band), a few hundred groups at most, which the grouping sets then
   * add up, rather than sorting every open case for them. The scan reads support_case_backlog_idx
   * alone (a partial index of the open cases holding what is grouped).
   */
  backlog(tx: Transaction): Promise<BacklogRow[]> {
    return tx.manager.query<BacklogRow[]>(
      `WITH open_case AS (
         SELECT c.priority, c.queue_id, ${AGE_BAND} AS age, count(*) AS n,
                sum(now() - c.opened_at) AS total_age, max(now() - c.opened_at) AS oldest_age
         FROM support_case c
         WHERE c.status = ANY($1::text[]) AND ${LIVE}
         GROUP BY 1, 2, 3)
       SELECT CASE WHEN grouping(o.priority) = 0 THEN 'PRIORITY' WHEN grouping(o.queue_id) = 0 THEN 'QUEUE'
                   WHEN grouping(o.age) = 0 THEN 'AGE' ELSE 'ALL' END AS dim,
              o.priority, o.queue_id, min(q.name) AS queue_name, o.age, coalesce(sum(o.n), 0)::int AS count,
              ${HOURS('sum(o.total_age) / nullif(sum(o.n), 0)')} AS average_age_hours,
              ${HOURS('max(o.oldest_age)')} AS oldest_age_hours,
              now() AS as_of
       FROM open_case o
       LEFT JOIN queue q ON q.id = o.queue_id
       GROUP BY GROUPING SETS ((o.priority), (o.queue_id), (o.age), ())
       ORDER BY count DESC, o.queue_id`,
      [OPEN_STATUSES],
    );
  }

  /**
   * The cases opened in the period, from one scan: the first-response and resolution attainment of
   * them all, and how many were opened (and are still open) per product, most first, at most
   * `limit` products. Each case's SLA states are worked out once, as grouping keys (a few dozen
   * groups per product), not once per figure that counts them.
   */
  async opened(tx: Transaction, p: Period, limit: number): Promise<{ sla: SlaRow; products: ProductRow[] }> {
    const rows = await tx.manager.query<(SlaRow & ProductRow & { all_products: number })[]>(
      `WITH period_case AS (
         SELECT c.product_id, c.status = ANY($3::text[]) AS open, s.first_response, s.resolution, count(*) AS n
         FROM support_case c
         CROSS JOIN LATERAL (SELECT ${FIRST_RESPONSE_STATE} AS first_response, ${RESOLUTION_STATE} AS resolution) s
         WHERE c.opened_at >= $1 AND c.opened_at < $2 AND ${LIVE}
         GROUP BY 1, 2, 3, 4)
       SELECT grouping(p.product_id) AS all_products, p.product_id,
              coalesce(sum(p.n), 0)::int AS opened,
              coalesce(sum(p.n) FILTER (WHERE p.open), 0)::int AS open,
              coalesce(sum(p.n) FILTER (WHERE p.first_response = 'MET'), 0)::int AS first_response_met,
              coalesce(sum(p.n) FILTER (WHERE p.first_response = 'BREACHED'), 0)::int AS first_response_breached,
              coalesce(sum(p.n) FILTER (WHERE p.first_response = 'RUNNING'), 0)::int AS first_response_running,
              coalesce(sum(p.n) FILTER (WHERE p.resolution = 'MET'), 0)::int AS resolution_met,
              coalesce(sum(p.n) FILTER (WHERE p.resolution = 'BREACHED'), 0)::int AS resolution_breached,
              coalesce(sum(p.n) FILTER (WHERE p.resolution = 'RUNNING'), 0)::int AS resolution_running
       FROM period_case p
       GROUP BY GROUPING SETS ((p.product_id), ())
       ORDER BY all_products DESC, opened DESC, p.product_id NULLS LAST
       LIMIT $4::int + 1`,
      [p.from, p.to, OPEN_STATUSES, limit],
    );
    // The grouping set of all cases comes first and is there even when no case was opened.
    const [all, ...products] = rows;
    return { sla: all!, products };
  }

  /** Hours from opening to resolution of the cases resolved in the period. */
  async handleTime(tx: Transaction, p: Period): Promise<HandleTimeRow> {
    const [row] = await tx.manager.query<HandleTimeRow[]>(
      `SELECT count(*)::int AS resolved,
              ${HOURS('avg(c.resolved_at - c.opened_at)')} AS average_hours,
              ${HOURS('percentile_cont(0.5) WITHIN GROUP (ORDER BY c.resolved_at - c.opened_at)')} AS median_hours
       FROM support_case c
       WHERE c.resolved_at >= $1 AND c.resolved_at < $2 AND ${LIVE}`,
      [p.from, p.to],
    );
    return row!;
  }

  /** Survey answers given in the period: a row per score given, and one (score null) for all of them. */
  satisfaction(tx: Transaction, p: Period): Promise<SatisfactionRow[]> {
    return tx.manager.query<SatisfactionRow[]>(
      `SELECT s.score, count(*)::int AS count, round(avg(s.score), 2)::float8 AS average
       FROM case_satisfaction s
       WHERE s.answered_at >= $1 AND s.answered_at < $2
       GROUP BY GROUPING SETS ((s.score), ())`,
      [p.from, p.to],
    );
  }
}
