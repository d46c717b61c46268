import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Sla1796163200992 implements MigrationInterface {
  name = 'Sla1796163200992';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "business_calendar" ("id" uuid NOT NULL, "name" text NOT NULL, "time_zone" text NOT NULL, "working_days" smallint array NOT NULL, "hours" jsonb NOT NULL, "holidays" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_14a4bf837e647af2edf17f6c97a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "business_calendar_name_key" ON "business_calendar"  ("name") ');
    await queryRunner.query(
      'CREATE TABLE "sla_policy" ("priority" text NOT NULL, "calendar_id" uuid NOT NULL, "first_response_minutes" integer NOT NULL, "resolution_minutes" integer NOT NULL, "escalation_queue_id" uuid, CONSTRAINT "PK_cfec7c9211fb1429211df43c1f9" PRIMARY KEY ("priority"))',
    );
    await queryRunner.query('ALTER TABLE "support_case" ADD "first_response_due_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "support_case" ADD "resolution_due_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "support_case" ADD "first_responded_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "support_case" ADD "sla_paused_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "support_case" ADD "first_response_breached_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "support_case" ADD "resolution_breached_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "support_case" ADD "escalation_level" smallint NOT NULL DEFAULT \'0\'');
    await queryRunner.query(
      'CREATE INDEX "support_case_resolution_due_idx" ON "support_case"  ("resolution_due_at") WHERE resolution_breached_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "support_case_first_response_due_idx" ON "support_case"  ("first_response_due_at") WHERE first_responded_at IS NULL AND first_response_breached_at IS NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."support_case_first_response_due_idx"');
    await queryRunner.query('DROP INDEX "public"."support_case_resolution_due_idx"');
    await queryRunner.query('ALTER TABLE "support_case" DROP COLUMN "escalation_level"');
    await queryRunner.query('ALTER TABLE "support_case" DROP COLUMN "resolution_breached_at"');
    await queryRunner.query('ALTER TABLE "support_case" DROP COLUMN "first_response_breached_at"');
    await queryRunner.query('ALTER TABLE "support_case" DROP COLUMN "sla_paused_at"');
    await queryRunner.query('ALTER TABLE "support_case" DROP COLUMN "first_responded_at"');
    await queryRunner.query('ALTER TABLE "support_case" DROP COLUMN "resolution_due_at"');
    await queryRunner.query('ALTER TABLE "support_case" DROP COLUMN "first_response_due_at"');
    await queryRunner.query('DROP TABLE "sla_policy"');
    await queryRunner.query('DROP INDEX "public"."business_calendar_name_key"');
    await queryRunner.query('DROP TABLE "business_calendar"');
  }
}
