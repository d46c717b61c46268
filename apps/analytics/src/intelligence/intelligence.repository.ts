import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { rfmScoresSql } from './rfm-segment';

export interface LifetimeValueRow {
  customer_id: string;
  currency: string;
  amount: string;
}

export interface RfmRow {
  customer_id: string;
  last_won_at: Date;
  won_deals: number;
  won_revenue: string;
  recency: number;
  frequency: number;
  monetary: number;
}

/** Reads over the warehouse's closed deals, which the warehouse consumer keeps current from events. */
@Injectable()
export class IntelligenceRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Won revenue to date per customer and currency, for any number of customers in one statement. */
  lifetimeValues(customerIds: readonly string[]): Promise<LifetimeValueRow[]> {
    return this.db.query(
      `SELECT customer_id, currency, sum(amount)::text AS amount FROM warehouse.fact_deal
       WHERE outcome = 'WON' AND customer_id = ANY($1::uuid[])
       GROUP BY customer_id, currency ORDER BY customer_id, currency`,
      [customerIds],
    );
  }

  /**
   * The next 12 months' expected won revenue per customer and currency (PREDICTED_VALUE_METHOD):
   * half the revenue won in the 24 months to now, times one minus the churn risk score (0 when the
   * customer has none yet), rounded to the amounts' four decimals. Deals dated after now (a close
   * recorded ahead) are not history yet and do not count.
   */
  predictedValues(customerIds: readonly string[]): Promise<LifetimeValueRow[]> {
    return this.db.query(
      `SELECT d.customer_id, d.currency,
              round(sum(d.amount) / 2 * (1 - coalesce(r.score, 0)), 4)::text AS amount
       FROM warehouse.fact_deal d LEFT JOIN intelligence.churn_risk r ON r.customer_id = d.customer_id
       WHERE d.outcome = 'WON' AND d.customer_id = ANY($1::uuid[])
         AND d.closed_at > now() - interval '24 months' AND d.closed_at <= now()
       GROUP BY d.customer_id, d.currency, r.score ORDER BY d.customer_id, d.currency`,
      [customerIds],
    );
  }

  /** RFM quintiles of the asked customers among every customer with a won deal in `currency` (rfmScoresSql). */
  rfm(customerIds: readonly string[], currency: string): Promise<RfmRow[]> {
    return this.db.query(
      `SELECT customer_id, last_won_at, won_deals, won_revenue::text AS won_revenue, recency, frequency, monetary
       FROM (${rfmScoresSql('$2')}) scored WHERE customer_id = ANY($1::uuid[])`,
      [customerIds, currency],
    );
  }
}
