import { disablePartnerRls, enablePartnerRls } from '@crm/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Commission plans and their rates (internal: the channel team's), and the commissions partners
 * earn (partner-visible: row-level security on partner_id). One commission per opportunity, so a
 * won event that comes twice records it once.
 */
export class Commissions1796330000000 implements MigrationInterface {
  name = 'Commissions1796330000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "commission_plan" ("id" uuid NOT NULL, "name" text NOT NULL, "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL,
       "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_commission_plan" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query('CREATE INDEX "commission_plan_valid_from_idx" ON "commission_plan" ("valid_from", "id") ');
    await queryRunner.query(
      `CREATE TABLE "commission_rate" ("id" uuid NOT NULL, "plan_id" uuid NOT NULL, "tier" text, "product_id" uuid,
       "min_amount" numeric(19,4) NOT NULL, "rate_percent" numeric(7,4) NOT NULL,
       CONSTRAINT "commission_rate_percent_check" CHECK ("rate_percent" >= 0 AND "rate_percent" <= 100),
       CONSTRAINT "commission_rate_min_amount_check" CHECK ("min_amount" >= 0), CONSTRAINT "PK_commission_rate" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query('CREATE INDEX "commission_rate_plan_idx" ON "commission_rate" ("plan_id") ');
    await queryRunner.query(
      'ALTER TABLE "commission_rate" ADD CONSTRAINT "FK_commission_rate_plan" FOREIGN KEY ("plan_id") REFERENCES "commission_plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      `CREATE TABLE "commission" ("id" uuid NOT NULL, "partner_id" uuid NOT NULL, "opportunity_id" uuid NOT NULL, "customer_id" uuid NOT NULL,
       "registration_id" uuid, "plan_id" uuid NOT NULL, "rate_percent" numeric(7,4) NOT NULL, "base_amount" numeric(19,4) NOT NULL,
       "amount" numeric(19,4) NOT NULL, "currency" character(3) NOT NULL, "status" text NOT NULL, "period" character(7) NOT NULL,
       "accrued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "approved_by" uuid, "approved_at" TIMESTAMP WITH TIME ZONE, "paid_by" uuid,
       "paid_at" TIMESTAMP WITH TIME ZONE, "reversed_at" TIMESTAMP WITH TIME ZONE,
       CONSTRAINT "commission_opportunity_key" UNIQUE ("opportunity_id"), CONSTRAINT "PK_commission" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query('CREATE INDEX "commission_partner_idx" ON "commission" ("partner_id", "accrued_at", "id") ');
    await queryRunner.query('CREATE INDEX "commission_partner_period_idx" ON "commission" ("partner_id", "period") ');
    await queryRunner.query(
      'ALTER TABLE "commission" ADD CONSTRAINT "FK_commission_partner" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await enablePartnerRls(queryRunner, 'commission', 'partner_id');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await disablePartnerRls(queryRunner, 'commission');
    await queryRunner.query('DROP TABLE "commission"');
    await queryRunner.query('DROP TABLE "commission_rate"');
    await queryRunner.query('DROP TABLE "commission_plan"');
  }
}
