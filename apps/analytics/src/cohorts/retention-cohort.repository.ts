import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface CohortCellRow {
  month: string;
  customers: number;
  month_index: number;
  active: number;
  retention: string;
}

/**
 * The retention triangle in SQL: a customer's cohort is the month of its first won deal; it counts
 * as active in a month with any of the touches below. One row per cohort and month since it.
 */
@Injectable()
export class RetentionCohortRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Cohorts from the month starting `from` to the month starting `last`, followed up to `last`. */
  cells(from: string, last: string): Promise<CohortCellRow[]> {
    return this.db.query(
      `WITH cohort AS (
         SELECT customer_id, date_trunc('month', min(date_key)::timestamp)::date AS month FROM warehouse.fact_deal
         WHERE outcome = 'WON' GROUP BY customer_id
         HAVING date_trunc('month', min(date_key)::timestamp)::date BETWEEN $1::date AND $2::date
       ), touch AS (
         SELECT customer_id, date_key AS day FROM warehouse.fact_deal WHERE outcome = 'WON'
         UNION ALL SELECT customer_id, date_key FROM warehouse.fact_activity WHERE NOT automated AND deleted_at IS NULL
         UNION ALL SELECT customer_id, date_key FROM warehouse.fact_case
         UNION ALL SELECT customer_id, date_key FROM warehouse.fact_form_submission WHERE customer_id IS NOT NULL
         UNION ALL SELECT customer_id, (first_clicked_at AT TIME ZONE 'UTC')::date FROM warehouse.fact_email
           WHERE customer_id IS NOT NULL AND first_clicked_at IS NOT NULL
       ), active AS (
         SELECT c.month AS cohort, date_trunc('month', t.day::timestamp)::date AS month, count(DISTINCT c.customer_id)::int AS active
         FROM cohort c JOIN touch t ON t.customer_id = c.customer_id
         WHERE t.day >= c.month AND t.day < ($2::date + interval '1 month')
         GROUP BY 1, 2
       ), size AS (SELECT month, count(*)::int AS customers FROM cohort GROUP BY month),
       cell AS (
         SELECT s.month, s.customers, m::date AS later FROM size s,
           generate_series(s.month::timestamp, $2::date::timestamp, interval '1 month') m
       )
       SELECT cell.month::text, cell.customers,
         ((extract(year FROM cell.later) - extract(year FROM cell.month)) * 12 + extract(month FROM cell.later) - extract(month FROM cell.month))::int AS month_index,
         coalesce(a.active, 0) AS active, round(coalesce(a.active, 0)::numeric / cell.customers, 4)::text AS retention
       FROM cell LEFT JOIN active a ON a.cohort = cell.month AND a.month = cell.later
       ORDER BY cell.month, cell.later`,
      [from, last],
    );
  }
}
