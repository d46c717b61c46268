import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deal lines summed per close day × product × currency, so the OLAP query answers a won-revenue
 * cube over years from tens of thousands of rows instead of joining millions of lines to their
 * deals. `lines` counts every line (won or lost) so the sums answer exactly the groups the facts
 * would, and a row whose lines all moved away is deleted; `won_lines` tells a group with no won
 * line (whose won sums are null from the facts, not 0). Kept by the consumer in the transaction
 * that rewrites the deal's facts; filled here from the facts already there.
 */
export class DealLineDay1796233170000 implements MigrationInterface {
  name = 'DealLineDay1796233170000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE warehouse.agg_deal_line_day (
      date_key date NOT NULL, product_id uuid NOT NULL, currency char(3) NOT NULL,
      lines int NOT NULL, won_lines int NOT NULL, won_net numeric NOT NULL, won_quantity numeric NOT NULL,
      PRIMARY KEY (date_key, product_id, currency))`);
    await q.query(`INSERT INTO warehouse.agg_deal_line_day (date_key, product_id, currency, lines, won_lines, won_net, won_quantity)
      SELECT d.date_key, l.product_id, l.currency, count(*), count(*) FILTER (WHERE d.outcome = 'WON'),
             coalesce(sum(l.net) FILTER (WHERE d.outcome = 'WON'), 0), coalesce(sum(l.quantity) FILTER (WHERE d.outcome = 'WON'), 0)
      FROM warehouse.fact_deal_line l JOIN warehouse.fact_deal d ON d.opportunity_id = l.opportunity_id
      GROUP BY d.date_key, l.product_id, l.currency`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE warehouse.agg_deal_line_day');
  }
}
