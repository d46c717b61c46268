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

  /** RFM quintiles of the asked customers among every customer with a won deal in `currency` (rfmScoresSql). */
  rfm(customerIds: readonly string[], currency: string): Promise<RfmRow[]> {
    return this.db.query(
      `SELECT customer_id, last_won_at, won_deals, won_revenue::text AS won_revenue, recency, frequency, monetary
       FROM (${rfmScoresSql('$2')}) scored WHERE customer_id = ANY($1::uuid[])`,
      [customerIds, currency],
    );
  }
}
