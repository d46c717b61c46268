import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface CrossSellRow {
  customer_id: string;
  product_id: string;
  antecedent_id: string;
  support: string;
  confidence: string;
  lift: string;
}

/**
 * Association rules over the warehouse's won deals, in SQL: each won deal with products is a
 * basket (its distinct products). For a rule A → B, support is the share of baskets holding both,
 * confidence the share of A's baskets that hold B, and lift the confidence over B's own share.
 */
@Injectable()
export class CrossSellRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * For any number of customers in one statement: each one's best `perCustomer` products it has not
   * bought yet, each by the strongest rule from a product it has (highest confidence, then lift,
   * then support, then ids, so the same data always gives the same list).
   */
  suggestions(customerIds: readonly string[], perCustomer: number): Promise<CrossSellRow[]> {
    return this.db.query(
      `WITH basket AS (
         SELECT DISTINCT l.opportunity_id, l.product_id, d.customer_id
         FROM warehouse.fact_deal d JOIN warehouse.fact_deal_line l ON l.opportunity_id = d.opportunity_id
         WHERE d.outcome = 'WON'
       ), total AS (SELECT count(DISTINCT opportunity_id)::numeric AS baskets FROM basket),
       item AS (SELECT product_id, count(*)::numeric AS baskets FROM basket GROUP BY product_id),
       owned AS (SELECT DISTINCT customer_id, product_id FROM basket WHERE customer_id = ANY($1::uuid[])),
       pair AS (
         SELECT a.product_id AS antecedent, b.product_id AS consequent, count(*)::numeric AS baskets
         FROM basket a JOIN basket b ON b.opportunity_id = a.opportunity_id AND b.product_id <> a.product_id
         WHERE a.product_id IN (SELECT product_id FROM owned)
         GROUP BY a.product_id, b.product_id
       ), rule AS (
         SELECT p.antecedent, p.consequent, p.baskets / t.baskets AS support, p.baskets / ia.baskets AS confidence,
                (p.baskets / ia.baskets) / (ib.baskets / t.baskets) AS lift
         FROM pair p CROSS JOIN total t
         JOIN item ia ON ia.product_id = p.antecedent JOIN item ib ON ib.product_id = p.consequent
       ), candidate AS (
         SELECT o.customer_id, r.*,
           row_number() OVER (PARTITION BY o.customer_id, r.consequent ORDER BY r.confidence DESC, r.lift DESC, r.support DESC, r.antecedent) AS strongest
         FROM owned o JOIN rule r ON r.antecedent = o.product_id
         WHERE NOT EXISTS (SELECT 1 FROM owned x WHERE x.customer_id = o.customer_id AND x.product_id = r.consequent)
       ), ranked AS (
         SELECT c.*, row_number() OVER (PARTITION BY c.customer_id ORDER BY c.confidence DESC, c.lift DESC, c.support DESC, c.consequent) AS rank
         FROM candidate c WHERE c.strongest = 1
       )
       SELECT customer_id, consequent AS product_id, antecedent AS antecedent_id,
         round(support, 4)::text AS support, round(confidence, 4)::text AS confidence, round(lift, 4)::text AS lift
       FROM ranked WHERE rank <= $2 ORDER BY customer_id, rank`,
      [customerIds, perCustomer],
    );
  }
}
