import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Consent1796171925037 implements MigrationInterface {
  name = 'Consent1796171925037';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "consent_record" ("id" uuid NOT NULL, "person_kind" text NOT NULL, "person_id" uuid NOT NULL, "customer_id" uuid, "email" text NOT NULL, "channel" text NOT NULL, "status" text NOT NULL, "source" text NOT NULL, "lawful_basis" text NOT NULL, "text_shown" text, "recorded_by" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b357c35aea3aa0be4647282324f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "consent_record_person_idx" ON "consent_record"  ("person_id", "recorded_at", "id") ');
    await queryRunner.query('CREATE INDEX "consent_record_email_idx" ON "consent_record"  ("email", "recorded_at", "id") ');
    await queryRunner.query(
      'CREATE TABLE "consent_state" ("email" text NOT NULL, "channel" text NOT NULL, "status" text NOT NULL, "record_id" uuid NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d3d63019b951bed317c73b6c6eb" PRIMARY KEY ("email", "channel"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "consent_state"');
    await queryRunner.query('DROP INDEX "public"."consent_record_email_idx"');
    await queryRunner.query('DROP INDEX "public"."consent_record_person_idx"');
    await queryRunner.query('DROP TABLE "consent_record"');
  }
}
