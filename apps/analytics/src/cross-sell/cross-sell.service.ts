import { InvalidError } from '@crm/domain';
import { groupByKeys, isUuid } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { CrossSellSuggestion } from './cross-sell.object';
import { CrossSellRepository } from './cross-sell.repository';

/** The most suggestions one customer gets. */
export const MAX_CROSS_SELL = 20;

@Injectable()
export class CrossSellService {
  constructor(private readonly crossSell: CrossSellRepository) {}

  /** For DataLoader: each customer's best `first` products to offer; none for a customer without a won deal with products. */
  async suggestions(customerIds: readonly string[], first: number): Promise<CrossSellSuggestion[][]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_CROSS_SELL) {
      throw new InvalidError('first', `must be an integer from 1 to ${MAX_CROSS_SELL}`);
    }
    const ids = customerIds.filter(isUuid);
    const rows = ids.length ? await this.crossSell.suggestions(ids, first) : [];
    return groupByKeys(customerIds, rows, (r) => r.customer_id).map((list) =>
      list.map((r) => ({
        productId: r.product_id,
        becauseOfProductId: r.antecedent_id,
        support: r.support,
        confidence: r.confidence,
        lift: r.lift,
      })),
    );
  }
}
