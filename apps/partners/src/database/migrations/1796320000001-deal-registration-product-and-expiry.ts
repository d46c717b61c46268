import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A registration names the sales product it is for (checked against known_product), and keeps when
 * the expiry job expired it; the job finds approved registrations by their protection expiry.
 */
export class DealRegistrationProductAndExpiry1796320000001 implements MigrationInterface {
  name = 'DealRegistrationProductAndExpiry1796320000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "deal_registration" ADD "product_id" uuid');
    await queryRunner.query('ALTER TABLE "deal_registration" ADD "expired_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('CREATE INDEX "deal_registration_expiry_idx" ON "deal_registration" ("status", "protection_expires_at") ');
    await queryRunner.query('CREATE INDEX "deal_registration_opportunity_idx" ON "deal_registration" ("opportunity_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "deal_registration_opportunity_idx"');
    await queryRunner.query('DROP INDEX "deal_registration_expiry_idx"');
    await queryRunner.query('ALTER TABLE "deal_registration" DROP COLUMN "expired_at"');
    await queryRunner.query('ALTER TABLE "deal_registration" DROP COLUMN "product_id"');
  }
}
