import { disablePartnerRls, enablePartnerRls } from '@crm/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Leads routed to the partner channel; partner-visible, so row-level security on partner_id (null: not accepted, internal only). */

export class PartnerLeads1796184676773 implements MigrationInterface {
  name = 'PartnerLeads1796184676773';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "partner_lead" ("lead_id" uuid NOT NULL, "partner_id" uuid, "region" text, "product_id" uuid, "routed_by" uuid, "routed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_partner_lead" PRIMARY KEY ("lead_id"))',
    );
    await queryRunner.query('CREATE INDEX "partner_lead_partner_idx" ON "partner_lead"  ("partner_id", "routed_at", "lead_id") ');
    await queryRunner.query(
      'ALTER TABLE "partner_lead" ADD CONSTRAINT "FK_partner_lead_lead" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await enablePartnerRls(queryRunner, 'partner_lead', 'partner_id');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await disablePartnerRls(queryRunner, 'partner_lead');
    await queryRunner.query('ALTER TABLE "partner_lead" DROP CONSTRAINT "FK_partner_lead_lead"');
    await queryRunner.query('DROP INDEX "public"."partner_lead_partner_idx"');
    await queryRunner.query('DROP TABLE "partner_lead"');
  }
}
