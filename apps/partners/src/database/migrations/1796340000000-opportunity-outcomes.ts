import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read model of sales' opportunities keeps, beside the status, the partner, the amount and
 * when it closed: what the partner scorecard sums as revenue, indexed for one partner's wins.
 */
export class OpportunityOutcomes1796340000000 implements MigrationInterface {
  name = 'OpportunityOutcomes1796340000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "open_opportunity" ADD "partner_id" uuid');
    await queryRunner.query('ALTER TABLE "open_opportunity" ADD "amount" numeric(19,4)');
    await queryRunner.query('ALTER TABLE "open_opportunity" ADD "currency" character(3)');
    await queryRunner.query('ALTER TABLE "open_opportunity" ADD "closed_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('CREATE INDEX "open_opportunity_partner_idx" ON "open_opportunity" ("partner_id", "status", "closed_at") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "open_opportunity_partner_idx"');
    for (const column of ['closed_at', 'currency', 'amount', 'partner_id']) {
      await queryRunner.query(`ALTER TABLE "open_opportunity" DROP COLUMN "${column}"`);
    }
  }
}
