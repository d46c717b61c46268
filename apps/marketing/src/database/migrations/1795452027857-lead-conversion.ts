import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LeadConversion1795452027857 implements MigrationInterface {
  name = 'LeadConversion1795452027857';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "lead" ADD "converted_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "lead" ADD "converted_contact_id" uuid');
    await queryRunner.query('ALTER TABLE "lead" ADD "converted_opportunity_id" uuid');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "lead" DROP COLUMN "converted_opportunity_id"');
    await queryRunner.query('ALTER TABLE "lead" DROP COLUMN "converted_contact_id"');
    await queryRunner.query('ALTER TABLE "lead" DROP COLUMN "converted_at"');
  }
}
