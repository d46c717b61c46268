import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customer dimension keeps the history of tier, lifecycle stage and industry as type-2 rows,
 * beside name and kind: a change of any of them closes the current row and opens one from the
 * event's time. Sales' customer.created (its snapshot) and customer.updated.v2 carry them. Rows
 * written before have them null until the warehouse group is replayed.
 */
export class CustomerTierHistory1796234300000 implements MigrationInterface {
  name = 'CustomerTierHistory1796234300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE warehouse.dim_customer ADD COLUMN tier int, ADD COLUMN lifecycle_stage text, ADD COLUMN industry text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE warehouse.dim_customer DROP COLUMN industry, DROP COLUMN lifecycle_stage, DROP COLUMN tier');
  }
}
