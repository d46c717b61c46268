import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Survey mail the relay refused (or that had no address yet) is tried again: when the next attempt
 * is due (null: nothing left to send), how many were made, and when it went out. Surveys offered
 * before this were handled once already and stay as they are.
 */
export class SurveyMailRetry1796210000000 implements MigrationInterface {
  name = 'SurveyMailRetry1796210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "case_satisfaction" ADD "next_mail_at" TIMESTAMP WITH TIME ZONE, ADD "mail_attempts" integer NOT NULL DEFAULT 0, ADD "mailed_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query(
      'CREATE INDEX "case_satisfaction_mail_due_idx" ON "case_satisfaction" ("next_mail_at") WHERE next_mail_at IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "case_satisfaction_mail_due_idx"');
    await queryRunner.query(
      'ALTER TABLE "case_satisfaction" DROP COLUMN "mailed_at", DROP COLUMN "mail_attempts", DROP COLUMN "next_mail_at"',
    );
  }
}
