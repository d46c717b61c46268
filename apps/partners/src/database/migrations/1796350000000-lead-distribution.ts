import { disablePartnerRls, enablePartnerRls } from '@crm/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lead distribution: the rules, the leads marketing routed (internal), and the offers, which are
 * partner-visible (row-level security on partner_id, failing closed like every partner table).
 */

export class LeadDistribution1796350000000 implements MigrationInterface {
  name = 'LeadDistribution1796350000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "distributed_lead" ("lead_id" uuid NOT NULL, "customer_id" uuid, "company" text, "country" text, "region" text, "product_id" uuid, "industry" text, "employee_count" integer, "status" text NOT NULL, "partner_id" uuid, "routed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_distributed_lead" PRIMARY KEY ("lead_id"))',
    );
    await queryRunner.query('CREATE INDEX "distributed_lead_routed_idx" ON "distributed_lead"  ("routed_at", "lead_id") ');
    await queryRunner.query(
      'CREATE TABLE "lead_distribution_rule" ("id" uuid NOT NULL, "name" text NOT NULL, "priority" integer NOT NULL, "territory" text array NOT NULL DEFAULT \'{}\', "minimum_tier" text NOT NULL, "product_id" uuid, "capacity" integer NOT NULL, "accept_within_seconds" integer NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "lead_distribution_rule_accept_within_check" CHECK ("accept_within_seconds" > 0), CONSTRAINT "lead_distribution_rule_capacity_check" CHECK ("capacity" > 0), CONSTRAINT "PK_lead_distribution_rule" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "lead_distribution_rule_priority_idx" ON "lead_distribution_rule"  ("priority", "id") ');
    await queryRunner.query(
      'CREATE TABLE "lead_offer" ("id" uuid NOT NULL, "lead_id" uuid NOT NULL, "partner_id" uuid NOT NULL, "rule_id" uuid NOT NULL, "status" text NOT NULL, "offered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by" uuid, "decline_reason" text, CONSTRAINT "lead_offer_lead_partner_key" UNIQUE ("lead_id", "partner_id"), CONSTRAINT "PK_lead_offer" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "lead_offer_expiry_idx" ON "lead_offer"  ("status", "expires_at") ');
    await queryRunner.query('CREATE INDEX "lead_offer_partner_idx" ON "lead_offer"  ("partner_id", "offered_at", "id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "lead_offer_pending_key" ON "lead_offer"  ("lead_id") WHERE "status" = \'PENDING\'');
    await queryRunner.query(
      'ALTER TABLE "lead_offer" ADD CONSTRAINT "FK_lead_offer_lead" FOREIGN KEY ("lead_id") REFERENCES "distributed_lead"("lead_id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "lead_offer" ADD CONSTRAINT "FK_lead_offer_partner" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await enablePartnerRls(queryRunner, 'lead_offer', 'partner_id');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await disablePartnerRls(queryRunner, 'lead_offer');
    await queryRunner.query('ALTER TABLE "lead_offer" DROP CONSTRAINT "FK_lead_offer_partner"');
    await queryRunner.query('ALTER TABLE "lead_offer" DROP CONSTRAINT "FK_lead_offer_lead"');
    await queryRunner.query('DROP INDEX "public"."lead_offer_pending_key"');
    await queryRunner.query('DROP INDEX "public"."lead_offer_partner_idx"');
    await queryRunner.query('DROP INDEX "public"."lead_offer_expiry_idx"');
    await queryRunner.query('DROP TABLE "lead_offer"');
    await queryRunner.query('DROP INDEX "public"."lead_distribution_rule_priority_idx"');
    await queryRunner.query('DROP TABLE "lead_distribution_rule"');
    await queryRunner.query('DROP INDEX "public"."distributed_lead_routed_idx"');
    await queryRunner.query('DROP TABLE "distributed_lead"');
  }
}
