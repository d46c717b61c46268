import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Account fields (annual revenue, employees, country, address, year established) and the parent account. */
export class AccountFieldsHierarchy1796162537839 implements MigrationInterface {
  name = 'AccountFieldsHierarchy1796162537839';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "customer" ADD "annual_revenue" numeric(19,4)');
    await queryRunner.query('ALTER TABLE "customer" ADD "annual_revenue_currency" character(3)');
    await queryRunner.query('ALTER TABLE "customer" ADD "employee_count" integer');
    await queryRunner.query('ALTER TABLE "customer" ADD "country" character(2)');
    await queryRunner.query('ALTER TABLE "customer" ADD "street" text');
    await queryRunner.query('ALTER TABLE "customer" ADD "city" text');
    await queryRunner.query('ALTER TABLE "customer" ADD "postal_code" text');
    await queryRunner.query('ALTER TABLE "customer" ADD "region" text');
    await queryRunner.query('ALTER TABLE "customer" ADD "year_established" smallint');
    await queryRunner.query('ALTER TABLE "customer" ADD "parent_id" uuid');
    await queryRunner.query('CREATE INDEX "customer_country_idx" ON "customer"  ("country") ');
    await queryRunner.query('CREATE INDEX "customer_parent_idx" ON "customer"  ("parent_id") ');
    await queryRunner.query('ALTER TABLE "customer" ADD CONSTRAINT "customer_not_own_parent_check" CHECK ("parent_id" <> "id")');
    await queryRunner.query('ALTER TABLE "customer" ADD CONSTRAINT "customer_employee_count_check" CHECK ("employee_count" >= 0)');
    await queryRunner.query(
      'ALTER TABLE "customer" ADD CONSTRAINT "customer_annual_revenue_check" CHECK (("annual_revenue" IS NULL) = ("annual_revenue_currency" IS NULL) AND "annual_revenue" >= 0)',
    );
    await queryRunner.query(
      'ALTER TABLE "customer" ADD CONSTRAINT "FK_0ac5f69726ca5fd86e35dd4aa80" FOREIGN KEY ("parent_id") REFERENCES "customer"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "customer" DROP CONSTRAINT "FK_0ac5f69726ca5fd86e35dd4aa80"');
    await queryRunner.query('ALTER TABLE "customer" DROP CONSTRAINT "customer_annual_revenue_check"');
    await queryRunner.query('ALTER TABLE "customer" DROP CONSTRAINT "customer_employee_count_check"');
    await queryRunner.query('ALTER TABLE "customer" DROP CONSTRAINT "customer_not_own_parent_check"');
    await queryRunner.query('DROP INDEX "public"."customer_parent_idx"');
    await queryRunner.query('DROP INDEX "public"."customer_country_idx"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "parent_id"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "year_established"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "region"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "postal_code"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "city"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "street"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "country"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "employee_count"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "annual_revenue_currency"');
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "annual_revenue"');
  }
}
