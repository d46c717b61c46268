import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface ProductIssueRow {
  product_id: string;
  period: string;
  cases: number;
  units: string;
  rate: string | null;
  previous: string | null;
  change: string | null;
}

/**
 * Cases per 100 units sold, in SQL over the warehouse: units from won deals' lines dated by the
 * close, cases dated by their opening, both cut into periods; every product with either gets a row
 * per period, and the period before the first is computed too so the first one has a trend.
 */
@Injectable()
export class ProductIssueRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  rates(q: {
    grain: string;
    months: number;
    /** The first day of the period before the first reported. */
    since: string;
    /** The first day of the first period reported. */
    from: string;
    /** The day after the last period reported. */
    until: string;
    productIds: string[] | null;
    limit: number;
  }): Promise<ProductIssueRow[]> {
    return this.db.query(
      `WITH units AS (
         SELECT l.product_id, date_trunc($1, d.date_key::timestamp)::date AS period, sum(l.quantity) AS units
         FROM warehouse.fact_deal_line l JOIN warehouse.fact_deal d ON d.opportunity_id = l.opportunity_id
         WHERE d.outcome = 'WON' AND d.date_key >= $3::date AND d.date_key < $5::date AND ($6::uuid[] IS NULL OR l.product_id = ANY($6))
         GROUP BY 1, 2
       ), cases AS (
         SELECT c.product_id, date_trunc($1, c.date_key::timestamp)::date AS period, count(*)::int AS cases
         FROM warehouse.fact_case c
         WHERE c.product_id IS NOT NULL AND c.date_key >= $3::date AND c.date_key < $5::date AND ($6::uuid[] IS NULL OR c.product_id = ANY($6))
         GROUP BY 1, 2
       ), product AS (SELECT product_id FROM units UNION SELECT product_id FROM cases),
       period AS (SELECT generate_series($3::timestamp, ($5::date - 1)::timestamp, make_interval(months => $2))::date AS period),
       cell AS (
         SELECT p.product_id, s.period, coalesce(c.cases, 0) AS cases, coalesce(u.units, 0) AS units,
           round(coalesce(c.cases, 0) * 100 / nullif(u.units, 0), 4) AS rate
         FROM product p CROSS JOIN period s
         LEFT JOIN units u ON u.product_id = p.product_id AND u.period = s.period
         LEFT JOIN cases c ON c.product_id = p.product_id AND c.period = s.period
       ), trend AS (SELECT cell.*, lag(rate) OVER (PARTITION BY product_id ORDER BY period) AS previous FROM cell)
       SELECT product_id, period::text, cases, units::text, rate::text, previous::text, (rate - previous)::text AS change
       FROM trend WHERE period >= $4::date
       ORDER BY product_id, period
       LIMIT $7`,
      [q.grain, q.months, q.since, q.from, q.until, q.productIds, q.limit],
    );
  }
}
