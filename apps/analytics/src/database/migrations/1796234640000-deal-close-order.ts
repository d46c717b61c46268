import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deal's close records the position (producer and sequence) of the event that closed it, so a
 * deal lost, reopened and won with a back-dated close keeps the win: the latest close in sales'
 * commit order, not the latest business time. Closes written before carry none and compare by time.
 */
export class DealCloseOrder1796234640000 implements MigrationInterface {
  name = 'DealCloseOrder1796234640000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE warehouse.fact_deal ADD COLUMN closed_source text, ADD COLUMN closed_sequence numeric(20,0)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE warehouse.fact_deal DROP COLUMN closed_sequence, DROP COLUMN closed_source');
  }
}
