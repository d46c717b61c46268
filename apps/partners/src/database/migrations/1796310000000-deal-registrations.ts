import { disablePartnerRls, enablePartnerRls } from '@crm/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deal registrations (partner-visible: row-level security on partner_id), the domains they
 * protect (read by the conflict check across partners, never shown to one), and the local read
 * model of sales' open opportunities that registrations are checked against.
 */
export class DealRegistrations1796310000000 implements MigrationInterface {
  name = 'DealRegistrations1796310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "deal_registration" ("id" uuid NOT NULL, "partner_id" uuid NOT NULL, "company_name" text NOT NULL, "domain" text NOT NULL,
       "customer_id" uuid, "contact_name" text NOT NULL, "contact_email" text NOT NULL, "product_interest" text NOT NULL,
       "amount" numeric(19,4) NOT NULL, "currency" character(3) NOT NULL, "expected_close" date NOT NULL, "status" text NOT NULL,
       "opportunity_id" uuid, "protection_expires_at" TIMESTAMP WITH TIME ZONE, "rejection_reason" text, "decided_by" uuid,
       "decided_at" TIMESTAMP WITH TIME ZONE, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "deal_registration_amount_check" CHECK ("amount" >= 0), CONSTRAINT "PK_deal_registration" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query('CREATE INDEX "deal_registration_partner_idx" ON "deal_registration" ("partner_id", "submitted_at", "id") ');
    await queryRunner.query(
      'ALTER TABLE "deal_registration" ADD CONSTRAINT "FK_deal_registration_partner" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await enablePartnerRls(queryRunner, 'deal_registration', 'partner_id');
    await queryRunner.query(
      `CREATE TABLE "protected_domain" ("registration_id" uuid NOT NULL, "domain" text NOT NULL, "partner_id" uuid NOT NULL,
       "protected_until" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_protected_domain" PRIMARY KEY ("registration_id"))`,
    );
    await queryRunner.query('CREATE INDEX "protected_domain_domain_idx" ON "protected_domain" ("domain", "protected_until") ');
    await queryRunner.query(
      `CREATE TABLE "open_opportunity" ("opportunity_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "status" text NOT NULL,
       CONSTRAINT "PK_open_opportunity" PRIMARY KEY ("opportunity_id"))`,
    );
    await queryRunner.query('CREATE INDEX "open_opportunity_customer_idx" ON "open_opportunity" ("customer_id", "status") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "open_opportunity"');
    await queryRunner.query('DROP TABLE "protected_domain"');
    await disablePartnerRls(queryRunner, 'deal_registration');
    await queryRunner.query('DROP TABLE "deal_registration"');
  }
}
