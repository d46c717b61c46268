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
  /** The open cases by priority, by queue and by age band, and all of them (grouping sets of one scan). */
  backlog(tx: Transaction): Promise<BacklogRow[]> {
    return tx.manager.query<BacklogRow[]>(
      `SELECT CASE WHEN grouping(c.priority) = 0 THEN 'PRIORITY' WHEN grouping(c.queue_id) = 0 THEN 'QUEUE'
                   WHEN grouping(b.age) = 0 THEN 'AGE' ELSE 'ALL' END AS dim,
              c.priority, c.queue_id, min(q.name) AS queue_name, b.age, count(*)::int AS count,
              ${HOURS('avg(now() - c.opened_at)')} AS average_age_hours,
              ${HOURS('max(now() - c.opened_at)')} AS oldest_age_hours,
              now() AS as_of
       FROM support_case c
       LEFT JOIN queue q ON q.id = c.queue_id
       CROSS JOIN LATERAL (SELECT ${AGE_BAND} AS age) b
       WHERE c.status = ANY($1::text[]) AND ${LIVE}
       GROUP BY GROUPING SETS ((c.priority), (c.queue_id), (b.age), ())
       ORDER BY count DESC, c.queue_id`,
      [OPEN_STATUSES],
    );
  }

  /** First-response and resolution attainment of the cases opened in the period. */
  async sla(tx: Transaction, p: Period): Promise<SlaRow> {
    const [row] = await tx.manager.query<SlaRow[]>(
      `SELECT count(*) FILTER (WHERE s.first_response = 'MET')::int AS first_response_met,
              count(*) FILTER (WHERE s.first_response = 'BREACHED')::int AS first_response_breached,
              count(*) FILTER (WHERE s.first_response = 'RUNNING')::int AS first_response_running,
              count(*) FILTER (WHERE s.resolution = 'MET')::int AS resolution_met,
              count(*) FILTER (WHERE s.resolution = 'BREACHED')::int AS resolution_breached,
              count(*) FILTER (WHERE s.resolution = 'RUNNING')::int AS resolution_running
       FROM support_case c
       CROSS JOIN LATERAL (SELECT ${FIRST_RESPONSE_STATE} AS first_response, ${RESOLUTION_STATE} AS resolution) s
       WHERE c.opened_at >= $1 AND c.opened_at < $2 AND ${LIVE}`,
      [p.from, p.to, OPEN_STATUSES],
    );
    return row!;
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

  /** Cases opened in the period by product, most first, at most `limit` products. */
  casesByProduct(tx: Transaction, p: Period, limit: number): Promise<ProductRow[]> {
    return tx.manager.query<ProductRow[]>(
      `SELECT c.product_id, count(*)::int AS opened, count(*) FILTER (WHERE c.status = ANY($3::text[]))::int AS open
       FROM support_case c
       WHERE c.opened_at >= $1 AND c.opened_at < $2 AND ${LIVE}
       GROUP BY c.product_id
       ORDER BY opened DESC, c.product_id NULLS LAST
       LIMIT $4`,
      [p.from, p.to, OPEN_STATUSES, limit],
    );
  }
}
