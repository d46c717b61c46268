import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FormConsent1796180000000 implements MigrationInterface {
  name = 'FormConsent1796180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "web_form" ADD "explicit_opt_in" boolean NOT NULL DEFAULT false');
    await queryRunner.query('ALTER TABLE "consent_record" ADD "source_id" uuid');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "consent_record" DROP COLUMN "source_id"');
    await queryRunner.query('ALTER TABLE "web_form" DROP COLUMN "explicit_opt_in"');
  }
}
