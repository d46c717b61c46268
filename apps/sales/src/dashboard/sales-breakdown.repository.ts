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
}

export interface BreakdownQuery {
  by: BreakdownDimension;
  period: BreakdownPeriod;
  currency: string;
  from: string | null;
  to: string | null;
  limit: number;
}

/** to_char formats of the day a deal closed, in UTC. */
const PERIOD: Record<BreakdownPeriod, string> = {
  [BreakdownPeriod.MONTH]: `to_char(o.closed_at AT TIME ZONE 'UTC', 'YYYY-MM')`,
  [BreakdownPeriod.QUARTER]: `to_char(o.closed_at AT TIME ZONE 'UTC', 'YYYY-"Q"Q')`,
  [BreakdownPeriod.YEAR]: `to_char(o.closed_at AT TIME ZONE 'UTC', 'YYYY')`,
  [BreakdownPeriod.ALL_TIME]: `'all'`,
};

/** One row per closed deal (per deal and product, by product): what the aggregate below adds up. */
function facts(by: BreakdownDimension, period: string): string {
  const closed = `o.currency = $1 AND o.status IN ('WON', 'LOST')
    AND ($2::date IS NULL OR o.closed_at >= $2::date) AND ($3::date IS NULL OR o.closed_at < $3::date + 1)`;
  const cycle = 'extract(epoch FROM o.closed_at - o.created_at) / 86400';
  if (by === BreakdownDimension.PRODUCT) {
    return `SELECT ${period} AS period, l.product_id::text AS key, min(p.name) AS label, o.status,
                   sum(l.net_amount) AS amount, sum(l.quantity) AS units, min(${cycle}) AS cycle
            FROM opportunity o
            JOIN customer cu ON cu.id = o.customer_id AND cu.deleted_at IS NULL
            JOIN opportunity_line l ON l.opportunity_id = o.id
            JOIN product p ON p.id = l.product_id
            WHERE ${closed}
            GROUP BY o.id, l.product_id`;
  }
  const key = {
    [BreakdownDimension.OWNER]: 'o.owner_id::text',
    [BreakdownDimension.ACCOUNT]: 'o.customer_id::text',
    [BreakdownDimension.NONE]: 'NULL',
  }[by];
  const label = by === BreakdownDimension.ACCOUNT ? 'cu.name' : 'NULL';
  return `SELECT ${period} AS period, ${key} AS key, ${label} AS label, o.status, o.amount, NULL::numeric AS units, ${cycle} AS cycle
          FROM opportunity o
          JOIN customer cu ON cu.id = o.customer_id AND cu.deleted_at IS NULL
          WHERE ${closed}`;
}

/**
 * Closed deals grouped by period and owner, account or product: one aggregate statement whatever
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
              round(avg(cycle) FILTER (WHERE status = 'WON'), 1)::float8 AS cycle_days
       FROM facts
       GROUP BY period, key
       ORDER BY period, sum(amount) FILTER (WHERE status = 'WON') DESC NULLS LAST, key
       LIMIT $4`,
      [q.currency, q.from, q.to, q.limit],
    );
  }
}
