import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TimelineLink1796184170229 implements MigrationInterface {
  name = 'TimelineLink1796184170229';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "timeline_entry" ADD "link_type" text');
    await queryRunner.query('ALTER TABLE "timeline_entry" ADD "link_id" uuid');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "timeline_entry" DROP COLUMN "link_id"');
    await queryRunner.query('ALTER TABLE "timeline_entry" DROP COLUMN "link_type"');
  }
}
