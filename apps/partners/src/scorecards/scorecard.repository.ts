import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';

/** Sums per currency, the amounts as decimal strings (never JSON numbers, which would become floats). */
export interface CurrencySum {
  currency: string;
  amount: string;
}

export interface ScorecardRow {
  partner_id: string;
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
  lead_offers: number;
  leads_accepted: number;
  leads_declined: number;
  leads_expired: number;
  /** accepted / (accepted + declined + expired) to four places, or null when no offer was answered or ran out. */
  lead_acceptance_rate: string | null;
  /** The mean seconds from offer to acceptance, to the millisecond, or null when none was accepted. */
  seconds_to_accept: number | null;
}

/** An aggregate: the rows' (currency, `column`) as a JSON array of decimal strings by currency, leaving out null sums. */
const currencyList = (column: string): string =>
  `coalesce(json_agg(json_build_object('currency', currency, 'amount', ${column}::text) ORDER BY currency) FILTER (WHERE ${column} IS NOT NULL), '[]')`;

/** `sum(amount)` per currency of the rows `from` picks, as a JSON array of decimal strings. */
const perCurrency = (from: string): string =>
  `(SELECT ${currencyList('total')} FROM (SELECT currency, sum(amount)::numeric(19,4) AS total FROM ${from} GROUP BY currency) s)`;

/**
 * The partner scorecard in one statement, every figure from an index on the partner that carries
 * what it counts and sums (index-only scans: the scorecard-covering-indexes migration):
 * registrations by their submission in the window (and how those ended), revenue from sales' won
 * opportunities that carry the partner by when they closed, commissions by when they accrued, lead
 * offers by when they were made (and how the partner answered). The partner row is read under
 * row-level security, so a partner asking for another gets no row at all.
 */
const SCORECARD = `
SELECT p.id AS partner_id, reg.submitted, reg.approved, reg.rejected, reg.won, reg.lost, reg.expired,
       CASE WHEN reg.won + reg.lost > 0 THEN round(reg.won::numeric / (reg.won + reg.lost), 4)::text END AS win_rate,
       lo.offers AS lead_offers, lo.accepted AS leads_accepted, lo.declined AS leads_declined, lo.expired AS leads_expired,
       CASE WHEN lo.accepted + lo.declined + lo.expired > 0
            THEN round(lo.accepted::numeric / (lo.accepted + lo.declined + lo.expired), 4)::text END AS lead_acceptance_rate,
       round(lo.seconds_to_accept, 3)::float8 AS seconds_to_accept,
       ${perCurrency(`open_opportunity o WHERE o.partner_id = p.id AND o.status = 'WON' AND o.closed_at >= $2 AND o.closed_at < $3`)} AS revenue,
       com.accrued AS commissions_accrued, com.paid AS commissions_paid
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
CROSS JOIN LATERAL (
  SELECT count(*)::int AS offers,
         count(*) FILTER (WHERE o.status = 'ACCEPTED')::int AS accepted,
         count(*) FILTER (WHERE o.status = 'DECLINED')::int AS declined,
         count(*) FILTER (WHERE o.status = 'EXPIRED')::int AS expired,
         avg(extract(epoch FROM o.decided_at - o.offered_at)) FILTER (WHERE o.status = 'ACCEPTED') AS seconds_to_accept
  FROM lead_offer o WHERE o.partner_id = p.id AND o.offered_at >= $2 AND o.offered_at < $3
) lo
CROSS JOIN LATERAL (
  -- Accrued (not reversed) and paid in one pass over the partner's commissions.
  SELECT ${currencyList('accrued')} AS accrued, ${currencyList('paid')} AS paid
  FROM (SELECT currency,
               (sum(amount) FILTER (WHERE c.status <> 'REVERSED'))::numeric(19,4) AS accrued,
               (sum(amount) FILTER (WHERE c.status = 'PAID'))::numeric(19,4) AS paid
        FROM commission c WHERE c.partner_id = p.id AND c.accrued_at >= $2 AND c.accrued_at < $3 GROUP BY currency) s
) com
WHERE p.id = ANY($1::uuid[])`;

/** What the cross-partner list sorts by, each a non-null numeric so a keyset (key, id) orders every partner. */
export const SCORECARD_SORT_KEYS = {
  REGISTRATIONS_SUBMITTED_DESC: 'count(*)::numeric',
  REGISTRATIONS_WON_DESC: `(count(*) FILTER (WHERE r.status = 'WON'))::numeric`,
  // Partners with nothing decided sort after every rate (-1).
  WIN_RATE_DESC: `coalesce(round((count(*) FILTER (WHERE r.status = 'WON'))::numeric / nullif(count(*) FILTER (WHERE r.status IN ('WON', 'LOST')), 0), 4), -1)`,
} as const;

export type ScorecardSort = keyof typeof SCORECARD_SORT_KEYS;

/** Best first by the sort's measure, then by id: the key computed from the registrations index for every partner, the page cut by keyset. */
const pageSql = (sort: ScorecardSort): string => `
SELECT p.id, k.key::text AS key
FROM partner p
CROSS JOIN LATERAL (
  SELECT ${SCORECARD_SORT_KEYS[sort]} AS key
  FROM deal_registration r WHERE r.partner_id = p.id AND r.submitted_at >= $1 AND r.submitted_at < $2
) k
WHERE $3::numeric IS NULL OR (k.key, p.id) < ($3::numeric, $4::uuid)
ORDER BY k.key DESC, p.id DESC
LIMIT $5`;

@Injectable()
export class ScorecardRepository {
  /** Null when the partner does not exist or the caller may not see it. `from`/`to` null: unbounded. */
  async scorecard(tx: Transaction, partnerId: string, from: Date | null, to: Date | null): Promise<ScorecardRow | null> {
    return (await this.scorecards(tx, [partnerId], from, to))[0] ?? null;
  }

  /** The scorecards of these partners (those the caller may see), in no particular order. */
  scorecards(tx: Transaction, partnerIds: readonly string[], from: Date | null, to: Date | null): Promise<ScorecardRow[]> {
    return tx.manager.query<ScorecardRow[]>(SCORECARD, [partnerIds, from ?? '-infinity', to ?? 'infinity']);
  }

  /** One page of partner ids with their sort key (a decimal string), best first. */
  page(
    tx: Transaction,
    sort: ScorecardSort,
    window: { from: Date | null; to: Date | null },
    after: { key: string; id: string } | null,
    limit: number,
  ): Promise<{ id: string; key: string }[]> {
    return tx.manager.query(pageSql(sort), [
      window.from ?? '-infinity',
      window.to ?? 'infinity',
      after?.key ?? null,
      after?.id ?? null,
      limit,
    ]);
  }
}
