import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { BreakdownDimension, BreakdownPeriod } from './sales-breakdown.input';

export interface BreakdownRow {
  period: string;
  key: string | null;
  label: string | null;
  won_count: number;
  lost_count: number;
  won_amount: string;
  units_won: string | null;
  cycle_days: number | null;
  open_count: number;
  open_amount: string;
}

export interface BreakdownQuery {
  by: BreakdownDimension;
  period: BreakdownPeriod;
  currency: string;
  from: string | null;
  to: string | null;
  limit: number;
}

/**
 * The day a deal counts on, in UTC: the day it closed, or for an open deal the day it is expected to
 * close (its open pipeline lands in the period it should close in).
 */
const DAY = `(CASE WHEN o.status = 'OPEN' THEN o.close_date::timestamp ELSE o.closed_at AT TIME ZONE 'UTC' END)`;

/** to_char formats of that day. */
const PERIOD: Record<BreakdownPeriod, string> = {
  [BreakdownPeriod.MONTH]: `to_char(${DAY}, 'YYYY-MM')`,
  [BreakdownPeriod.QUARTER]: `to_char(${DAY}, 'YYYY-"Q"Q')`,
  [BreakdownPeriod.YEAR]: `to_char(${DAY}, 'YYYY')`,
  [BreakdownPeriod.ALL_TIME]: `'all'`,
};

/** What each dimension groups by and names its groups with; TEAM counts a deal once for each team its owner is in. */
const DIMENSION: Record<Exclude<BreakdownDimension, BreakdownDimension.PRODUCT>, { key: string; label: string; join: string }> = {
  [BreakdownDimension.OWNER]: {
    key: 'o.owner_id::text',
    label: 'u.name',
    join: 'LEFT JOIN app_user u ON u.id = o.owner_id',
  },
  [BreakdownDimension.TEAM]: {
    key: 't.id::text',
    label: 't.name',
    join: 'LEFT JOIN team_member m ON m.user_id = o.owner_id LEFT JOIN team t ON t.id = m.team_id',
  },
  [BreakdownDimension.ACCOUNT]: { key: 'o.customer_id::text', label: 'cu.name', join: '' },
  [BreakdownDimension.NONE]: { key: 'NULL', label: 'NULL', join: '' },
};

/** One row per deal (per deal and product, by product; per deal and team, by team): what the aggregate below adds up. */
function facts(by: BreakdownDimension, period: string): string {
  const counted = `o.currency = $1
    AND ($2::date IS NULL OR ${DAY} >= $2::date) AND ($3::date IS NULL OR ${DAY} < $3::date + 1)`;
  const cycle = 'extract(epoch FROM o.closed_at - o.created_at) / 86400';
  if (by === BreakdownDimension.PRODUCT) {
    return `SELECT ${period} AS period, l.product_id::text AS key, min(p.name) AS label, o.status,
                   sum(l.net_amount) AS amount, sum(l.quantity) AS units, min(${cycle}) AS cycle
            FROM opportunity o
            JOIN customer cu ON cu.id = o.customer_id AND cu.deleted_at IS NULL
            JOIN opportunity_line l ON l.opportunity_id = o.id
            JOIN product p ON p.id = l.product_id
            WHERE ${counted}
            GROUP BY o.id, l.product_id`;
  }
  const d = DIMENSION[by];
  return `SELECT ${period} AS period, ${d.key} AS key, ${d.label} AS label, o.status, o.amount, NULL::numeric AS units, ${cycle} AS cycle
          FROM opportunity o
          JOIN customer cu ON cu.id = o.customer_id AND cu.deleted_at IS NULL
          ${d.join}
          WHERE ${counted}`;
}

/**
 * Deals grouped by period and owner, team, account or product: one aggregate statement whatever
 * the span (a decade of history included), answering at most `limit` groups. Runs in the caller's
 * transaction, so row-level security on `opportunity` scopes it.
 */
@Injectable()
export class SalesBreakdownRepository {
  breakdown(tx: Transaction, q: BreakdownQuery): Promise<BreakdownRow[]> {
    return tx.manager.query<BreakdownRow[]>(
      `WITH facts AS (${facts(q.by, PERIOD[q.period])})
       SELECT period, key, min(label) AS label,
              count(*) FILTER (WHERE status = 'WON')::int AS won_count,
              count(*) FILTER (WHERE status = 'LOST')::int AS lost_count,
              coalesce(sum(amount) FILTER (WHERE status = 'WON'), 0)::text AS won_amount,
              (sum(units) FILTER (WHERE status = 'WON'))::text AS units_won,
              round(avg(cycle) FILTER (WHERE status = 'WON'), 1)::float8 AS cycle_days,
              count(*) FILTER (WHERE status = 'OPEN')::int AS open_count,
              coalesce(sum(amount) FILTER (WHERE status = 'OPEN'), 0)::text AS open_amount
       FROM facts
       GROUP BY period, key
       ORDER BY period, sum(amount) FILTER (WHERE status = 'WON') DESC NULLS LAST, key
       LIMIT $4`,
      [q.currency, q.from, q.to, q.limit],
    );
  }
}
