import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A campaign's budget and actual cost on its dimension, from marketing's v2 campaign events, for
 * cost per lead and ROI. Null until a v2 event says otherwise: a campaign known only from v1
 * events has no known cost.
 */
export class CampaignCosts1796224310000 implements MigrationInterface {
  name = 'CampaignCosts1796224310000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE warehouse.dim_campaign
      ADD COLUMN budget_amount numeric(19,4), ADD COLUMN budget_currency char(3),
      ADD COLUMN actual_cost_amount numeric(19,4), ADD COLUMN actual_cost_currency char(3)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE warehouse.dim_campaign
      DROP COLUMN budget_amount, DROP COLUMN budget_currency, DROP COLUMN actual_cost_amount, DROP COLUMN actual_cost_currency`);
  }
}
