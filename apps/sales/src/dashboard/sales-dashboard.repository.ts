import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';

export interface DashboardScope {
  currency: string;
  from: string;
  to: string;
  /** null: every owner. */
  ownerIds: string[] | null;
  pipelineId: string | null;
}

export interface StageRow {
  stage_id: string;
  stage_name: string;
  pipeline_id: string;
  pipeline_name: string;
  count: number;
  amount: string;
}

export interface ClosedRow {
  won_count: number;
  lost_count: number;
  won_amount: string;
  win_rate: number | null;
  average_won: string | null;
  cycle_days: number | null;
}

export interface ForecastRow {
  category: string;
  count: number;
  amount: string;
  last_year_count: number;
  last_year_amount: string;
}

/*
 * Every figure is an aggregate the database computes; no opportunity row comes to Node. Parameters: $1 currency,
 * $2 from, $3 to, $4 owner ids (null: all), $5 pipeline id (null: all). Opportunities of soft-deleted customers do
 * not count. The opportunity SQL stays in this repository and runs in the caller's transaction, so row-level
 * security on `opportunity` scopes it.
 */
const SCOPE = `JOIN customer cu ON cu.id = o.customer_id AND cu.deleted_at IS NULL
  WHERE o.currency = $1
    AND ($4::uuid[] IS NULL OR o.owner_id = ANY($4::uuid[]))
    AND ($5::uuid IS NULL OR o.pipeline_id = $5::uuid)`;

@Injectable()
export class SalesDashboardRepository {
  private params(s: DashboardScope): unknown[] {
    return [s.currency, s.from, s.to, s.ownerIds, s.pipelineId];
  }

  pipelineByStage(tx: Transaction, s: DashboardScope): Promise<StageRow[]> {
    return tx.manager.query<StageRow[]>(
      `SELECT st.id AS stage_id, st.name AS stage_name, p.id AS pipeline_id, p.name AS pipeline_name,
              count(*)::int AS count, sum(o.amount)::text AS amount
       FROM opportunity o
       JOIN pipeline_stage st ON st.id = o.stage_id
       JOIN pipeline p ON p.id = o.pipeline_id
       ${SCOPE}
         AND o.status = 'OPEN' AND o.close_date BETWEEN $2::date AND $3::date
       GROUP BY st.id, st.name, st.position, p.id, p.name, p.position
       ORDER BY p.position, st.position`,
      this.params(s),
    );
  }

  async closed(tx: Transaction, s: DashboardScope): Promise<ClosedRow> {
    const rows = await tx.manager.query<ClosedRow[]>(
      `SELECT count(*) FILTER (WHERE o.status = 'WON')::int AS won_count,
              count(*) FILTER (WHERE o.status = 'LOST')::int AS lost_count,
              coalesce(sum(o.amount) FILTER (WHERE o.status = 'WON'), 0)::text AS won_amount,
              round(count(*) FILTER (WHERE o.status = 'WON')::numeric / nullif(count(*), 0), 4)::float8 AS win_rate,
              round(avg(o.amount) FILTER (WHERE o.status = 'WON'), 4)::text AS average_won,
              round(avg(extract(epoch FROM o.closed_at - o.created_at) / 86400) FILTER (WHERE o.status = 'WON'), 1)::float8 AS cycle_days
       FROM opportunity o
       ${SCOPE}
         AND o.status IN ('WON', 'LOST')
         AND (o.closed_at AT TIME ZONE 'UTC')::date BETWEEN $2::date AND $3::date`,
      this.params(s),
    );
    return rows[0]!;
  }

  /**
   * By the stage's forecast category, every category listed even when empty; $6/$7 is the same period a year earlier.
   * A closed deal counts on the day it closed (an imported history's closed_at), an open one on its expected close date.
   */
  forecast(tx: Transaction, s: DashboardScope, lastYear: { from: string; to: string }, categories: string[]): Promise<ForecastRow[]> {
    return tx.manager.query<ForecastRow[]>(
      `WITH scoped AS (
         SELECT st.forecast_category AS category, o.amount,
                d.day BETWEEN $2::date AND $3::date AS this_year,
                d.day BETWEEN $6::date AND $7::date AS last_year
         FROM opportunity o
         CROSS JOIN LATERAL (SELECT coalesce((o.closed_at AT TIME ZONE 'UTC')::date, o.close_date) AS day) d
         JOIN pipeline_stage st ON st.id = o.stage_id
         ${SCOPE}
           AND (d.day BETWEEN $2::date AND $3::date OR d.day BETWEEN $6::date AND $7::date)
       )
       SELECT c.category,
              count(x.amount) FILTER (WHERE x.this_year)::int AS count,
              coalesce(sum(x.amount) FILTER (WHERE x.this_year), 0)::text AS amount,
              count(x.amount) FILTER (WHERE x.last_year)::int AS last_year_count,
              coalesce(sum(x.amount) FILTER (WHERE x.last_year), 0)::text AS last_year_amount
       FROM unnest($8::text[]) WITH ORDINALITY AS c(category, ord)
       LEFT JOIN scoped x ON x.category = c.category
       GROUP BY c.category, c.ord
       ORDER BY c.ord`,
      [...this.params(s), lastYear.from, lastYear.to, categories],
    );
  }
}
