import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CHURN_WINDOWS, DAY_MS, type ChurnReason, type ChurnSignals } from './churn-score';

export interface ChurnRiskRow {
  customer_id: string;
  score: string;
  at_risk: boolean;
  reasons: ChurnReason[];
  scored_at: Date;
}

interface SignalRow {
  customer_id: string;
  last_engaged_at: Date | null;
  recent: number;
  earlier: number;
  open_urgent: number;
  sla_breaches: number;
  csat_average: string | null;
  lost_renewals: number;
}

/** An engagement of a customer, keyed by the event that told of it. */
export interface Touchpoint {
  eventId: string;
  customerId: string;
  at: Date;
}

const before = (at: Date, days: number): Date => new Date(at.getTime() - days * DAY_MS);

/**
 * SQL for churn risk. Signal rows are keyed by the event or record they came from, so a redelivered
 * or replayed event writes nothing new; scores are upserted per customer.
 */
@Injectable()
export class ChurnRiskRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The touchpoints of a chunk's events in one statement; an event's touchpoint is written once however often it comes. */
  async touchpoints(tx: Transaction, touchpoints: readonly Touchpoint[]): Promise<void> {
    if (!touchpoints.length) return;
    await tx.manager.query(
      `INSERT INTO intelligence.churn_touchpoint (event_id, customer_id, at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) ON CONFLICT (event_id) DO NOTHING`,
      [touchpoints.map((t) => t.eventId), touchpoints.map((t) => t.customerId), touchpoints.map((t) => t.at)],
    );
  }

  async caseOpened(tx: Transaction, c: { caseId: string; customerId: string; priority: string; status: string }, at: Date): Promise<void> {
    await tx.manager.query(
      `INSERT INTO intelligence.churn_case (case_id, customer_id, priority, open, opened_at) VALUES ($1, $2, $3, $4 NOT IN ('RESOLVED', 'CLOSED'), $5)
       ON CONFLICT (case_id) DO NOTHING`,
      [c.caseId, c.customerId, c.priority, c.status, at],
    );
  }

  async caseStatus(tx: Transaction, caseId: string, status: string): Promise<void> {
    await tx.manager.query(`UPDATE intelligence.churn_case SET open = $2 NOT IN ('RESOLVED', 'CLOSED') WHERE case_id = $1`, [
      caseId,
      status,
    ]);
  }

  async casePriority(tx: Transaction, caseId: string, priority: string): Promise<void> {
    await tx.manager.query('UPDATE intelligence.churn_case SET priority = $2 WHERE case_id = $1', [caseId, priority]);
  }

  async slaBreach(tx: Transaction, eventId: string, b: { customerId: string; caseId: string }, at: Date): Promise<void> {
    await tx.manager.query(
      `INSERT INTO intelligence.churn_sla_breach (event_id, customer_id, case_id, at) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING`,
      [eventId, b.customerId, b.caseId, at],
    );
  }

  async csat(tx: Transaction, a: { caseId: string; customerId: string; score: number }, at: Date): Promise<void> {
    await tx.manager.query(
      'INSERT INTO intelligence.churn_csat (case_id, customer_id, score, at) VALUES ($1, $2, $3, $4) ON CONFLICT (case_id) DO NOTHING',
      [a.caseId, a.customerId, a.score, at],
    );
  }

  /** A renewal lost at `at`; won later (reopened and won), it is no loss any more. */
  async renewalLost(tx: Transaction, opportunityId: string, customerId: string, at: Date): Promise<void> {
    await tx.manager.query(
      `INSERT INTO intelligence.churn_lost_renewal (opportunity_id, customer_id, at) VALUES ($1, $2, $3)
       ON CONFLICT (opportunity_id) DO UPDATE SET customer_id = $2, at = greatest(churn_lost_renewal.at, $3)`,
      [opportunityId, customerId, at],
    );
  }

  async renewalWon(tx: Transaction, opportunityId: string): Promise<void> {
    await tx.manager.query('DELETE FROM intelligence.churn_lost_renewal WHERE opportunity_id = $1', [opportunityId]);
  }

  /** Moves a merged customer's signals and drops its score: the survivor is rescored with them. */
  async mergeCustomer(tx: Transaction, mergedId: string, survivorId: string): Promise<void> {
    for (const table of ['churn_touchpoint', 'churn_case', 'churn_sla_breach', 'churn_csat', 'churn_lost_renewal']) {
      await tx.manager.query(`UPDATE intelligence.${table} SET customer_id = $2 WHERE customer_id = $1`, [mergedId, survivorId]);
    }
    await tx.manager.query('DELETE FROM intelligence.churn_risk WHERE customer_id = $1', [mergedId]);
  }

  /** Each customer's signals as of `asOf`, in one statement for any number of customers. */
  async signals(tx: Transaction, customerIds: readonly string[], asOf: Date): Promise<Map<string, ChurnSignals>> {
    const rows = await tx.manager.query<SignalRow[]>(
      `SELECT c.customer_id,
         (SELECT max(t.at) FROM intelligence.churn_touchpoint t WHERE t.customer_id = c.customer_id AND t.at <= $2) AS last_engaged_at,
         (SELECT count(*) FROM intelligence.churn_touchpoint t WHERE t.customer_id = c.customer_id AND t.at > $3 AND t.at <= $2)::int AS recent,
         (SELECT count(*) FROM intelligence.churn_touchpoint t WHERE t.customer_id = c.customer_id AND t.at > $4 AND t.at <= $3)::int AS earlier,
         (SELECT count(*) FROM intelligence.churn_case k WHERE k.customer_id = c.customer_id AND k.open AND k.priority = 'URGENT')::int AS open_urgent,
         (SELECT count(*) FROM intelligence.churn_sla_breach b WHERE b.customer_id = c.customer_id AND b.at > $5 AND b.at <= $2)::int AS sla_breaches,
         (SELECT round(avg(s.score), 2)::text FROM intelligence.churn_csat s WHERE s.customer_id = c.customer_id AND s.at > $6 AND s.at <= $2) AS csat_average,
         (SELECT count(*) FROM intelligence.churn_lost_renewal r WHERE r.customer_id = c.customer_id AND r.at > $7 AND r.at <= $2)::int AS lost_renewals
       FROM unnest($1::uuid[]) AS c(customer_id)`,
      [
        customerIds,
        asOf,
        before(asOf, CHURN_WINDOWS.recent),
        before(asOf, CHURN_WINDOWS.engagementBaseline),
        before(asOf, CHURN_WINDOWS.slaBreaches),
        before(asOf, CHURN_WINDOWS.csat),
        before(asOf, CHURN_WINDOWS.lostRenewal),
      ],
    );
    return new Map(
      rows.map((r) => [
        r.customer_id,
        {
          lastEngagedAt: r.last_engaged_at,
          recentTouchpoints: r.recent,
          earlierTouchpoints: r.earlier,
          openUrgentCases: r.open_urgent,
          slaBreaches: r.sla_breaches,
          csatAverage: r.csat_average,
          lostRenewals: r.lost_renewals,
        },
      ]),
    );
  }

  /**
   * The current scores of these customers, locked until the transaction ends, so a job run and a
   * consumer never both announce one crossing. The lock is on the customer, not its score row: a
   * customer scored for the first time has no row to lock, and two events about it applied at once
   * (a case and the customer's creation, on two topics) each read the signals without the other's and
   * the later commit kept a score that missed half of them.
   */
  async lockScores(tx: Transaction, customerIds: readonly string[]): Promise<Map<string, { atRisk: boolean; scoredAt: Date }>> {
    await tx.manager.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('churn-risk:' || c, 0)) FROM (SELECT DISTINCT unnest($1::text[]) AS c ORDER BY 1) ids`,
      [customerIds],
    );
    const rows = await tx.manager.query<{ customer_id: string; at_risk: boolean; scored_at: Date }[]>(
      'SELECT customer_id, at_risk, scored_at FROM intelligence.churn_risk WHERE customer_id = ANY($1::uuid[]) ORDER BY customer_id FOR UPDATE',
      [customerIds],
    );
    return new Map(rows.map((r) => [r.customer_id, { atRisk: r.at_risk, scoredAt: r.scored_at }]));
  }

  /** Upserts the scores in one statement: the rescoring job stores a page of 500 at a time. */
  async saveScores(
    tx: Transaction,
    scores: { customerId: string; score: string; atRisk: boolean; reasons: ChurnReason[] }[],
    scoredAt: Date,
  ): Promise<void> {
    await tx.manager.query(
      `INSERT INTO intelligence.churn_risk (customer_id, score, at_risk, reasons, scored_at)
       SELECT c, s, r, x, $5 FROM unnest($1::uuid[], $2::numeric[], $3::boolean[], $4::jsonb[]) AS t(c, s, r, x)
       ON CONFLICT (customer_id) DO UPDATE SET score = excluded.score, at_risk = excluded.at_risk, reasons = excluded.reasons,
         scored_at = excluded.scored_at`,
      [
        scores.map((s) => s.customerId),
        scores.map((s) => s.score),
        scores.map((s) => s.atRisk),
        scores.map((s) => JSON.stringify(s.reasons)),
        scoredAt,
      ],
    );
  }

  /** One page of the scored customers, by id, for the rescoring job. */
  async scoredCustomers(tx: Transaction, after: string | null, limit: number): Promise<string[]> {
    const rows = await tx.manager.query<{ customer_id: string }[]>(
      `SELECT customer_id FROM intelligence.churn_risk WHERE $1::uuid IS NULL OR customer_id > $1::uuid ORDER BY customer_id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => r.customer_id);
  }

  /** The stored scores of any number of customers, for the API. */
  scores(customerIds: readonly string[]): Promise<ChurnRiskRow[]> {
    return this.db.query(
      `SELECT customer_id, score::text AS score, at_risk, reasons, scored_at FROM intelligence.churn_risk WHERE customer_id = ANY($1::uuid[])`,
      [customerIds],
    );
  }
}
