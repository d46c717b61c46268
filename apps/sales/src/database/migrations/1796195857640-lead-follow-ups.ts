import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A routed lead's follow-up task names its lead; one per lead and owner. */
export class LeadFollowUps1796195857640 implements MigrationInterface {
  name = 'LeadFollowUps1796195857640';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "activity" ADD "lead_id" uuid');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "activity_lead_follow_up_key" ON "activity" ("lead_id", "owner_id") WHERE "lead_id" IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."activity_lead_follow_up_key"');
    await queryRunner.query('ALTER TABLE "activity" DROP COLUMN "lead_id"');
  }
}
