import type { MigrationInterface, QueryRunner } from 'typeorm';
import { FREE_MAIL_DOMAINS } from '../../leads/company-domain';

export class LeadLifecycle1796172390288 implements MigrationInterface {
  name = 'LeadLifecycle1796172390288';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "lead_email" ("lead_id" uuid NOT NULL, "address" text NOT NULL, "type" text NOT NULL, "is_primary" boolean NOT NULL, "position" smallint NOT NULL, CONSTRAINT "lead_email_type_check" CHECK ("type" IN (\'WORK\', \'HOME\', \'MOBILE\', \'OTHER\')), CONSTRAINT "PK_c2806b87341fa3f7f499d680c31" PRIMARY KEY ("lead_id", "address"))',
    );
    await queryRunner.query('CREATE INDEX "lead_email_address_idx" ON "lead_email"  ("address") ');
    await queryRunner.query('CREATE UNIQUE INDEX "lead_email_primary_key" ON "lead_email"  ("lead_id") WHERE "is_primary"');
    await queryRunner.query(
      'CREATE TABLE "lead_phone" ("lead_id" uuid NOT NULL, "number" text NOT NULL, "type" text NOT NULL, "is_primary" boolean NOT NULL, "position" smallint NOT NULL, CONSTRAINT "lead_phone_type_check" CHECK ("type" IN (\'WORK\', \'HOME\', \'MOBILE\', \'OTHER\')), CONSTRAINT "PK_b202cf22b3baab98a5965904cb7" PRIMARY KEY ("lead_id", "number"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "lead_phone_primary_key" ON "lead_phone"  ("lead_id") WHERE "is_primary"');
    await queryRunner.query(
      'CREATE TABLE "lead_status_change" ("id" uuid NOT NULL, "lead_id" uuid NOT NULL, "from_status" text NOT NULL, "to_status" text NOT NULL, "reason" text, "changed_by" uuid, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b9a15c4cd03245f224907201721" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "lead_status_change_lead_idx" ON "lead_status_change"  ("lead_id", "changed_at", "id") ');
    await queryRunner.query('ALTER TABLE "lead" ADD "owner_id" uuid');
    await queryRunner.query('ALTER TABLE "lead" ADD "title" text');
    await queryRunner.query('ALTER TABLE "lead" ADD "country" text');
    await queryRunner.query('ALTER TABLE "lead" ADD "industry" text');
    await queryRunner.query('ALTER TABLE "lead" ADD "employee_count" integer');
    await queryRunner.query('ALTER TABLE "lead" ADD "source_form_id" uuid');
    await queryRunner.query('ALTER TABLE "lead" ADD "source_campaign_id" uuid');
    await queryRunner.query('ALTER TABLE "lead" ADD "source_referral" text');
    await queryRunner.query('ALTER TABLE "lead" ADD "tags" text array NOT NULL DEFAULT \'{}\'');
    await queryRunner.query('ALTER TABLE "lead" ADD "unqualified_reason" text');
    await queryRunner.query('ALTER TABLE "lead" ADD "company_domain" text');
    await queryRunner.query('CREATE INDEX "lead_company_domain_idx" ON "lead"  ("company_domain") ');
    await queryRunner.query(
      'ALTER TABLE "lead_email" ADD CONSTRAINT "FK_abc17280a4a63d77977cab57ce5" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "lead_phone" ADD CONSTRAINT "FK_086d95ecd3728f52137a2b4a7fa" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "lead_status_change" ADD CONSTRAINT "FK_6652d5e4e906a13d8428792191e" FOREIGN KEY ("lead_id") REFERENCES "lead"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Leads captured before: their one email becomes their primary email point, and its domain their company's
    // unless a free-mail provider's. A later change to that list only changes which old leads got a domain here.
    await queryRunner.query(
      `INSERT INTO lead_email (lead_id, address, type, is_primary, position) SELECT id, email, 'WORK', true, 0 FROM lead`,
    );
    await queryRunner.query(
      `UPDATE lead SET company_domain = split_part(email, '@', 2) WHERE split_part(email, '@', 2) <> ALL ($1::text[])`,
      [FREE_MAIL_DOMAINS],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "lead_status_change" DROP CONSTRAINT "FK_6652d5e4e906a13d8428792191e"');
    await queryRunner.query('ALTER TABLE "lead_phone" DROP CONSTRAINT "FK_086d95ecd3728f52137a2b4a7fa"');
    await queryRunner.query('ALTER TABLE "lead_email" DROP CONSTRAINT "FK_abc17280a4a63d77977cab57ce5"');
    await queryRunner.query('DROP INDEX "public"."lead_company_domain_idx"');
    await queryRunner.query('ALTER TABLE "lead" DROP COLUMN "company_domain"');
    await queryRunner.query('ALTER TABLE "lead" DROP COLUMN "unqualified_reason"');
    await queryRunner.query('ALTER TABLE "lead" DROP COLUMN "tags"');
    await queryRunner.query('ALTER TABLE "lead" DROP COLUMN "source_referral"');
    await queryRunner.query('ALTER TABLE "lead" DROP COLUMN "source_campaign_id"');
    await queryRunner.query('ALTER TABLE "lead" DROP COLUMN "source_form_id"');
    await queryRunner.query('ALTER TABLE "lead" DROP COLUMN "employee_count"');
    await queryRunner.query('ALTER TABLE "lead" DROP COLUMN "industry"');
    await queryRunner.query('ALTER TABLE "lead" DROP COLUMN "country"');
    await queryRunner.query('ALTER TABLE "lead" DROP COLUMN "title"');
    await queryRunner.query('ALTER TABLE "lead" DROP COLUMN "owner_id"');
    await queryRunner.query('DROP INDEX "public"."lead_status_change_lead_idx"');
    await queryRunner.query('DROP TABLE "lead_status_change"');
    await queryRunner.query('DROP INDEX "public"."lead_phone_primary_key"');
    await queryRunner.query('DROP TABLE "lead_phone"');
    await queryRunner.query('DROP INDEX "public"."lead_email_primary_key"');
    await queryRunner.query('DROP INDEX "public"."lead_email_address_idx"');
    await queryRunner.query('DROP TABLE "lead_email"');
  }
}
