import { scopedPartnerId } from '@crm/auth';
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
 * close (its open pipeline lands in the period it should close in). The rollup's migration
 * (1796190000000-opportunity-month-rollup.ts) truncates the same day to its month.
 */
const DAY = `(CASE WHEN o.status = 'OPEN' THEN o.close_date::timestamp ELSE o.closed_at AT TIME ZONE 'UTC' END)`;

/** The period of a day, as to_char formats it. */
const PERIOD: Record<BreakdownPeriod, (day: string) => string> = {
  [BreakdownPeriod.MONTH]: (day) => `to_char(${day}, 'YYYY-MM')`,
  [BreakdownPeriod.QUARTER]: (day) => `to_char(${day}, 'YYYY-"Q"Q')`,
  [BreakdownPeriod.YEAR]: (day) => `to_char(${day}, 'YYYY')`,
  [BreakdownPeriod.ALL_TIME]: () => `'all'`,
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

/** Days and deals `o` is counted on when it is in the currency and range ($1, $2, $3). */
const COUNTED = `o.currency = $1 AND ($2::date IS NULL OR ${DAY} >= $2::date) AND ($3::date IS NULL OR ${DAY} < $3::date + 1)`;
const CYCLE = 'extract(epoch FROM o.closed_at - o.created_at) / 86400';

/** The dimensions the monthly rollup can answer: it keeps deals by currency, month, owner and status. */
const ROLLED_UP = new Set([BreakdownDimension.OWNER, BreakdownDimension.TEAM, BreakdownDimension.NONE]);

/** Whether the range is whole months (or open-ended), the rollup's grain. */
function wholeMonths(from: string | null, to: string | null): boolean {
  const dayAfter = to && new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000);
  return (!from || from.endsWith('-01')) && (!dayAfter || dayAfter.getUTCDate() === 1);
}

/**
 * What the aggregate below adds up: `n` deals of one status with their amount (units by product)
 * and summed sales cycle, for a day and a group. From the deals themselves, one row per deal (per
 * deal and product, by product; per deal and team, by team), or from the monthly rollup, whose
 * rows count many deals each, less the deals of soft-deleted accounts, which it still counts.
 */
function facts(by: BreakdownDimension, period: (day: string) => string, rollup: boolean): string {
  if (by === BreakdownDimension.PRODUCT) {
    return `SELECT ${period(DAY)} AS period, l.product_id::text AS key, min(p.name) AS label, o.status, 1 AS n,
                   sum(l.net_amount) AS amount, sum(l.quantity) AS units, min(${CYCLE}) AS cycle
            FROM opportunity o
            JOIN customer cu ON cu.id = o.customer_id AND cu.deleted_at IS NULL
            JOIN opportunity_line l ON l.opportunity_id = o.id
            JOIN product p ON p.id = l.product_id
            WHERE ${COUNTED}
            GROUP BY o.id, l.product_id`;
  }
  const d = DIMENSION[by];
  if (!rollup) {
    return `SELECT ${period(DAY)} AS period, ${d.key} AS key, ${d.label} AS label, o.status, 1 AS n, o.amount, NULL::numeric AS units,
                   ${CYCLE} AS cycle
            FROM opportunity o
            JOIN customer cu ON cu.id = o.customer_id AND cu.deleted_at IS NULL
            ${d.join}
            WHERE ${COUNTED}`;
  }
  return `SELECT ${period('o.day')} AS period, ${d.key} AS key, ${d.label} AS label, o.status, o.n, o.amount, NULL::numeric AS units,
                 o.cycle
          FROM (SELECT r.month::timestamp AS day, r.owner_id, r.status, r.deals AS n, r.amount, r.cycle_days AS cycle
                FROM opportunity_month r
                WHERE r.currency = $1 AND r.deals <> 0 AND ($2::date IS NULL OR r.month >= $2::date) AND ($3::date IS NULL OR r.month <= $3::date)
                UNION ALL
                SELECT ${DAY}, o.owner_id, o.status, -1, -o.amount, -(${CYCLE})
                FROM opportunity o
                JOIN customer cu ON cu.id = o.customer_id AND cu.deleted_at IS NOT NULL
                WHERE ${COUNTED}) o
          ${d.join}`;
}

/**
 * Deals grouped by period and owner, team, account or product: one aggregate statement whatever
 * the span (a decade of history included), answering at most `limit` groups. By owner, team or
 * nothing over whole months, it reads the monthly rollup (`opportunity_month`, kept by triggers in
 * every write's transaction) rather than every deal; by account or product, or over a range that
 * cuts a month, it reads the deals. Runs in the caller's transaction, so row-level security on
 * `opportunity` scopes it; the rollup, which knows no partner, answers only unscoped callers.
 */
@Injectable()
export class SalesBreakdownRepository {
  breakdown(tx: Transaction, q: BreakdownQuery): Promise<BreakdownRow[]> {
    const rollup = ROLLED_UP.has(q.by) && scopedPartnerId(tx.caller) === null && wholeMonths(q.from, q.to);
    return tx.manager.query<BreakdownRow[]>(
      `WITH facts AS (${facts(q.by, PERIOD[q.period], rollup)})
       SELECT period, key, min(label) AS label,
              coalesce(sum(n) FILTER (WHERE status = 'WON'), 0)::int AS won_count,
              coalesce(sum(n) FILTER (WHERE status = 'LOST'), 0)::int AS lost_count,
              coalesce(sum(amount) FILTER (WHERE status = 'WON'), 0)::text AS won_amount,
              (sum(units) FILTER (WHERE status = 'WON'))::text AS units_won,
              round(sum(cycle) FILTER (WHERE status = 'WON') / nullif(sum(n) FILTER (WHERE status = 'WON'), 0), 1)::float8 AS cycle_days,
              coalesce(sum(n) FILTER (WHERE status = 'OPEN'), 0)::int AS open_count,
              coalesce(sum(amount) FILTER (WHERE status = 'OPEN'), 0)::text AS open_amount
       FROM facts
       GROUP BY period, key
       HAVING sum(n) > 0
       ORDER BY period, sum(amount) FILTER (WHERE status = 'WON') DESC NULLS LAST, key
       LIMIT $4`,
      [q.currency, q.from, q.to, q.limit],
    );
  }
}
