import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customer tier in routing and SLAs: the customer_tier read model, the tier a case was opened under,
 * and a tier condition on routing rules and SLA policies. A policy is now one per priority and tier
 * (null: every tier), so it gets an id; the unique key treats a null tier as one value (NULLS NOT
 * DISTINCT), which TypeORM cannot declare: the entity marks that index `synchronize: false`.
 */
export class CustomerTier1796200000000 implements MigrationInterface {
  name = 'CustomerTier1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "customer_tier" ("customer_id" uuid NOT NULL, "tier" smallint, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_90da145d138f5eeedde9fdf512e" PRIMARY KEY ("customer_id"))',
    );
    await queryRunner.query('ALTER TABLE "support_case" ADD "customer_tier" smallint');
    await queryRunner.query('ALTER TABLE "routing_rule" ADD "customer_tier" smallint');
    await queryRunner.query('ALTER TABLE "sla_policy" ADD "id" uuid');
    await queryRunner.query('UPDATE "sla_policy" SET "id" = gen_random_uuid()');
    await queryRunner.query('ALTER TABLE "sla_policy" ALTER COLUMN "id" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "sla_policy" DROP CONSTRAINT "PK_cfec7c9211fb1429211df43c1f9"');
    await queryRunner.query('ALTER TABLE "sla_policy" ADD CONSTRAINT "PK_19c1aa9dd53b9fc80648ae034b4" PRIMARY KEY ("id")');
    await queryRunner.query('ALTER TABLE "sla_policy" ADD "customer_tier" smallint');
    await queryRunner.query('CREATE UNIQUE INDEX "sla_policy_key" ON "sla_policy" ("priority", "customer_tier") NULLS NOT DISTINCT');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."sla_policy_key"');
    // Back to one policy per priority: the tier-specific ones go.
    await queryRunner.query('DELETE FROM "sla_policy" WHERE "customer_tier" IS NOT NULL');
    await queryRunner.query('ALTER TABLE "sla_policy" DROP COLUMN "customer_tier"');
    await queryRunner.query('ALTER TABLE "sla_policy" DROP CONSTRAINT "PK_19c1aa9dd53b9fc80648ae034b4"');
    await queryRunner.query('ALTER TABLE "sla_policy" ADD CONSTRAINT "PK_cfec7c9211fb1429211df43c1f9" PRIMARY KEY ("priority")');
    await queryRunner.query('ALTER TABLE "sla_policy" DROP COLUMN "id"');
    await queryRunner.query('ALTER TABLE "routing_rule" DROP COLUMN "customer_tier"');
    await queryRunner.query('ALTER TABLE "support_case" DROP COLUMN "customer_tier"');
    await queryRunner.query('DROP TABLE "customer_tier"');
  }
}
