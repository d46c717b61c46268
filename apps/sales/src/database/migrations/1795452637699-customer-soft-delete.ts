import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CustomerSoftDelete1795452637699 implements MigrationInterface {
  name = 'CustomerSoftDelete1795452637699';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "customer" ADD "deleted_at" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "customer" DROP COLUMN "deleted_at"');
  }
}
