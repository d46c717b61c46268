import { InvalidError } from '@crm/domain';
import { groupByKeys, isUuid, type Money } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { IntelligenceRepository } from './intelligence.repository';
import type { RfmScore } from './intelligence.object';
import { rfmSegment } from './rfm-segment';

@Injectable()
export class IntelligenceService {
  constructor(private readonly intelligence: IntelligenceRepository) {}

  /** For DataLoader: each customer's won revenue per currency; none for a customer without wins. */
  async lifetimeValues(customerIds: readonly string[]): Promise<Money[][]> {
    const ids = customerIds.filter(isUuid);
    const rows = ids.length ? await this.intelligence.lifetimeValues(ids) : [];
    return groupByKeys(customerIds, rows, (r) => r.customer_id).map((list) =>
      list.map((r) => ({ amount: r.amount, currency: r.currency })),
    );
  }

  /** For DataLoader: each customer's predicted won revenue for the next 12 months per currency; none without a win in the last 24 months. */
  async predictedValues(customerIds: readonly string[]): Promise<Money[][]> {
    const ids = customerIds.filter(isUuid);
    const rows = ids.length ? await this.intelligence.predictedValues(ids) : [];
    return groupByKeys(customerIds, rows, (r) => r.customer_id).map((list) =>
      list.map((r) => ({ amount: r.amount, currency: r.currency })),
    );
  }

  /** For DataLoader: each customer's RFM scores in `currency`, null for a customer without a win in it. */
  async rfm(customerIds: readonly string[], currency: string): Promise<(RfmScore | null)[]> {
    if (!/^[A-Z]{3}$/.test(currency)) throw new InvalidError('currency', 'must be an ISO 4217 code such as EUR');
    const ids = customerIds.filter(isUuid);
    const rows = ids.length ? await this.intelligence.rfm(ids, currency) : [];
    const byId = new Map(rows.map((r) => [r.customer_id, r]));
    return customerIds.map((id) => {
      const r = byId.get(id);
      return r
        ? {
            currency,
            recency: r.recency,
            frequency: r.frequency,
            monetary: r.monetary,
            segment: rfmSegment(r.recency, r.frequency, r.monetary),
            lastPurchaseAt: r.last_won_at,
            purchases: r.won_deals,
            revenue: { amount: r.won_revenue, currency },
          }
        : null;
    });
  }
}
