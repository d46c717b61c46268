import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';

/** Sums per currency, the amounts as decimal strings (never JSON numbers, which would become floats). */
export interface CurrencySum {
  currency: string;
  amount: string;
}

export interface ScorecardRow {
  submitted: number;
  approved: number;
  rejected: number;
  won: number;
  lost: number;
  expired: number;
  /** won / (won + lost) to four places, or null when none is decided. */
  win_rate: string | null;
  revenue: CurrencySum[];
  commissions_accrued: CurrencySum[];
  commissions_paid: CurrencySum[];
}

/** `sum(amount)` per currency of the rows `from` picks, as a JSON array of decimal strings. */
const perCurrency = (from: string): string =>
  `(SELECT coalesce(json_agg(json_build_object('currency', currency, 'amount', total::text) ORDER BY currency), '[]')
    FROM (SELECT currency, sum(amount)::numeric(19,4) AS total FROM ${from} GROUP BY currency) s)`;

/**
 * The partner scorecard in one statement, every figure from an index on the partner: registrations
 * by their submission in the window (and how those ended), revenue from sales' won opportunities
 * that carry the partner by when they closed, commissions by when they accrued. The partner row is
 * read under row-level security, so a partner asking for another gets no row at all.
 */
const SCORECARD = `
SELECT reg.submitted, reg.approved, reg.rejected, reg.won, reg.lost, reg.expired,
       CASE WHEN reg.won + reg.lost > 0 THEN round(reg.won::numeric / (reg.won + reg.lost), 4)::text END AS win_rate,
       ${perCurrency(`open_opportunity o WHERE o.partner_id = p.id AND o.status = 'WON' AND o.closed_at >= $2 AND o.closed_at < $3`)} AS revenue,
       ${perCurrency(`commission c WHERE c.partner_id = p.id AND c.status <> 'REVERSED' AND c.accrued_at >= $2 AND c.accrued_at < $3`)} AS commissions_accrued,
       ${perCurrency(`commission c WHERE c.partner_id = p.id AND c.status = 'PAID' AND c.accrued_at >= $2 AND c.accrued_at < $3`)} AS commissions_paid
FROM partner p
CROSS JOIN LATERAL (
  SELECT count(*)::int AS submitted,
         count(*) FILTER (WHERE r.status IN ('APPROVED', 'WON', 'LOST', 'EXPIRED'))::int AS approved,
         count(*) FILTER (WHERE r.status = 'REJECTED')::int AS rejected,
         count(*) FILTER (WHERE r.status = 'WON')::int AS won,
         count(*) FILTER (WHERE r.status = 'LOST')::int AS lost,
         count(*) FILTER (WHERE r.status = 'EXPIRED')::int AS expired
  FROM deal_registration r WHERE r.partner_id = p.id AND r.submitted_at >= $2 AND r.submitted_at < $3
) reg
WHERE p.id = $1`;

@Injectable()
export class ScorecardRepository {
  /** Null when the partner does not exist or the caller may not see it. `from`/`to` null: unbounded. */
  async scorecard(tx: Transaction, partnerId: string, from: Date | null, to: Date | null): Promise<ScorecardRow | null> {
    const [row] = await tx.manager.query<ScorecardRow[]>(SCORECARD, [partnerId, from ?? '-infinity', to ?? 'infinity']);
    return row ?? null;
  }
}
