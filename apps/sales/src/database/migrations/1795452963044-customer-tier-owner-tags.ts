import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CustomerTierOwnerTags1795452963044 implements MigrationInterface {
  name = 'CustomerTierOwnerTags1795452963044';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "customer" ADD "tier" smallint');
    await queryRunner.query('ALTER TABLE "customer" ADD "owner_id" uuid');
    await queryRunner.query('ALTER TABLE "customer" ADD "tags" text array NOT NULL DEFAULT \'{}\'');
    await queryRunner.query('CREATE INDEX "customer_tier_idx" ON "customer"  ("tier") ');
    await queryRunner.query('CREATE INDEX "customer_owner_idx" ON "customer"  ("owner_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."customer_owner_idx"');
    await queryRunner.query('DROP INDEX "public"."customer_tier_idx"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "tags"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "owner_id"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "tier"');
  }
}
