import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface ForecastQuery {
  /** The first day of the period. */
  start: string;
  /** The day after its last. */
  end: string;
  asOf: Date;
  lookbackDays: number;
  commitThreshold: string;
  businessDays: number;
  businessDaysElapsed: number;
}

export interface ForecastStageRow {
  stage_id: string;
  currency: string;
  deals: number;
  amount: string;
  closed: number;
  won: number;
  rate: string;
  basis: 'STAGE_HISTORY' | 'ALL_DEALS' | 'NO_HISTORY';
  weighted: string;
}

export interface ForecastTotalRow {
  currency: string;
  won: string;
  open: string;
  weighted: string;
  expected: string;
  committed: string;
  best_case: string;
  last_year: string;
  run_rate: string | null;
}

/**
 * A stage's win rate: of the deals closed in the look-back before asOf that were ever open in the
 * stage, the share won. The open deals closing in the period are grouped by stage and currency and
 * weighted by that exact ratio (rounded only at the end). $1 start, $2 end, $3 asOf, $4 look-back
 * days.
 */
const RATED = `
  closed AS (
    SELECT opportunity_id, outcome FROM warehouse.fact_deal
    WHERE closed_at >= $3::timestamptz - make_interval(days => $4::int) AND closed_at < $3::timestamptz
  ), overall AS (SELECT count(*)::int AS closed, (count(*) FILTER (WHERE outcome = 'WON'))::int AS won FROM closed),
  history AS (
    SELECT p.stage_id, count(*)::int AS closed, (count(*) FILTER (WHERE p.outcome = 'WON'))::int AS won
    FROM (SELECT DISTINCT s.to_stage_id AS stage_id, c.opportunity_id, c.outcome FROM closed c
          JOIN warehouse.fact_opportunity_stage s ON s.opportunity_id = c.opportunity_id AND s.to_status = 'OPEN') p
    GROUP BY p.stage_id
  ), pipeline AS (
    SELECT stage_id, currency, count(*)::int AS deals, sum(amount) AS amount FROM warehouse.fact_opportunity_snapshot
    WHERE status = 'OPEN' AND close_date >= $1::date AND close_date < $2::date
    GROUP BY stage_id, currency
  ), based AS (
    SELECT p.*, CASE WHEN h.closed > 0 THEN 'STAGE_HISTORY' WHEN ov.closed > 0 THEN 'ALL_DEALS' ELSE 'NO_HISTORY' END AS basis,
      CASE WHEN h.closed > 0 THEN h.closed ELSE ov.closed END AS closed,
      CASE WHEN h.closed > 0 THEN h.won ELSE ov.won END AS won
    FROM pipeline p CROSS JOIN overall ov LEFT JOIN history h ON h.stage_id = p.stage_id
  ), rated AS (
    SELECT based.*, coalesce(won::numeric / nullif(closed, 0), 0) AS rate, coalesce(amount * won / nullif(closed, 0), 0) AS weighted
    FROM based
  )`;

/** Won deals per currency dated (by their close) in [from, to). */
const won = (from: string, to: string, extra = '') =>
  `SELECT currency, sum(amount) AS amount FROM warehouse.fact_deal
   WHERE outcome = 'WON' AND date_key >= ${from} AND date_key < ${to}${extra} GROUP BY currency`;

@Injectable()
export class ForecastRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  stages(q: ForecastQuery): Promise<ForecastStageRow[]> {
    return this.db.query(
      `WITH ${RATED}
       SELECT stage_id, currency::text, deals, amount::text, closed, won, round(rate, 4)::text AS rate, basis, round(weighted, 4)::text AS weighted
       FROM rated ORDER BY currency, stage_id`,
      [q.start, q.end, q.asOf, q.lookbackDays],
    );
  }

  totals(q: ForecastQuery): Promise<ForecastTotalRow[]> {
    return this.db.query(
      `WITH ${RATED},
       won AS (${won('$1::date', '$2::date', ' AND closed_at <= $3::timestamptz')}),
       last_year AS (${won(`($1::date - interval '1 year')::date`, `($2::date - interval '1 year')::date`)}),
       pipe AS (
         SELECT currency, sum(amount) AS open, sum(weighted) AS weighted, coalesce(sum(amount) FILTER (WHERE rate >= $5::numeric), 0) AS committed
         FROM rated GROUP BY currency
       ),
       currency AS (SELECT currency FROM won UNION SELECT currency FROM last_year UNION SELECT currency FROM pipe)
       SELECT c.currency::text,
         round(coalesce(w.amount, 0), 4)::text AS won,
         round(coalesce(p.open, 0), 4)::text AS open,
         round(coalesce(p.weighted, 0), 4)::text AS weighted,
         round(coalesce(w.amount, 0) + coalesce(p.weighted, 0), 4)::text AS expected,
         round(coalesce(w.amount, 0) + coalesce(p.committed, 0), 4)::text AS committed,
         round(coalesce(w.amount, 0) + coalesce(p.open, 0), 4)::text AS best_case,
         round(coalesce(ly.amount, 0), 4)::text AS last_year,
         CASE WHEN $7::int > 0 THEN round(coalesce(w.amount, 0) * $6::int / $7::int, 4)::text END AS run_rate
       FROM currency c
       LEFT JOIN won w ON w.currency = c.currency
       LEFT JOIN last_year ly ON ly.currency = c.currency
       LEFT JOIN pipe p ON p.currency = c.currency
       ORDER BY c.currency`,
      [q.start, q.end, q.asOf, q.lookbackDays, q.commitThreshold, q.businessDays, q.businessDaysElapsed],
    );
  }
}
