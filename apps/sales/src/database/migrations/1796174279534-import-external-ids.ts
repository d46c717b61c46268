import type { MigrationInterface, QueryRunner } from 'typeorm';

/** External ids of imported deals and accounts: a bulk import of history is idempotent by them. */
export class ImportExternalIds1796174279534 implements MigrationInterface {
  name = 'ImportExternalIds1796174279534';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "customer" ADD "external_id" text');
    await queryRunner.query('ALTER TABLE "opportunity" ADD "external_id" text');
    await queryRunner.query('CREATE UNIQUE INDEX "customer_external_id_key" ON "customer"  ("external_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "opportunity_external_id_key" ON "opportunity"  ("external_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."opportunity_external_id_key"');
    await queryRunner.query('DROP INDEX "public"."customer_external_id_key"');
    await queryRunner.query('ALTER TABLE "opportunity" DROP COLUMN "external_id"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "external_id"');
  }
}
