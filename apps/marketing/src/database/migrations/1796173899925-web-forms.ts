import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WebForms1796173899925 implements MigrationInterface {
  name = 'WebForms1796173899925';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "form_submission" ("id" uuid NOT NULL, "form_id" uuid NOT NULL, "lead_id" uuid NOT NULL, "values" jsonb NOT NULL, "campaign_id" uuid, "utm_source" text, "utm_medium" text, "utm_term" text, "consent_text" text, "consent_given" boolean NOT NULL, "origin" text, "ip_address" text, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_afdf6f86e3747141dd75876e027" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "form_submission_lead_idx" ON "form_submission"  ("lead_id") ');
    await queryRunner.query('CREATE INDEX "form_submission_form_idx" ON "form_submission"  ("form_id", "submitted_at", "id") ');
    await queryRunner.query(
      'CREATE TABLE "web_form" ("id" uuid NOT NULL, "key" text NOT NULL, "name" text NOT NULL, "field_map" jsonb NOT NULL, "campaign_id" uuid, "utm_source" text, "utm_medium" text, "utm_term" text, "consent_text" text, "honeypot_field" text NOT NULL, "score_points" integer NOT NULL, "allowed_origins" text array NOT NULL, "thank_you_url" text, "thank_you_message" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d3450774f98368ca3ae194cabc1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "web_form_created_idx" ON "web_form"  ("created_at", "id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "web_form_key_key" ON "web_form"  ("key") ');
    await queryRunner.query(
      'ALTER TABLE "form_submission" ADD CONSTRAINT "FK_008c326662717e63113d3a9bc49" FOREIGN KEY ("form_id") REFERENCES "web_form"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "form_submission" DROP CONSTRAINT "FK_008c326662717e63113d3a9bc49"');
    await queryRunner.query('DROP INDEX "public"."web_form_key_key"');
    await queryRunner.query('DROP INDEX "public"."web_form_created_idx"');
    await queryRunner.query('DROP TABLE "web_form"');
    await queryRunner.query('DROP INDEX "public"."form_submission_form_idx"');
    await queryRunner.query('DROP INDEX "public"."form_submission_lead_idx"');
    await queryRunner.query('DROP TABLE "form_submission"');
  }
}
