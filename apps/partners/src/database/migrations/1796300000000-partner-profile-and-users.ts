import { disablePartnerRls, enablePartnerRls } from '@crm/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tier, status, territory and channel manager on a partner; the people at a partner (row-level scoped like the partner). */
export class PartnerProfileAndUsers1796300000000 implements MigrationInterface {
  name = 'PartnerProfileAndUsers1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "partner" ADD "tier" text NOT NULL DEFAULT 'REGISTERED'`);
    await queryRunner.query(`ALTER TABLE "partner" ADD "status" text NOT NULL DEFAULT 'PROSPECT'`);
    await queryRunner.query(`ALTER TABLE "partner" ADD "territory" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query('ALTER TABLE "partner" ADD "channel_manager_id" uuid');
    await queryRunner.query(
      'CREATE TABLE "partner_user" ("partner_id" uuid NOT NULL, "user_id" uuid NOT NULL, "name" text NOT NULL, "email" text NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_partner_user" PRIMARY KEY ("partner_id", "user_id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "partner_user_user_key" ON "partner_user" ("user_id")');
    await queryRunner.query(
      'ALTER TABLE "partner_user" ADD CONSTRAINT "FK_partner_user_partner" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await enablePartnerRls(queryRunner, 'partner_user', 'partner_id');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await disablePartnerRls(queryRunner, 'partner_user');
    await queryRunner.query('DROP TABLE "partner_user"');
    await queryRunner.query('ALTER TABLE "partner" DROP COLUMN "channel_manager_id"');
    await queryRunner.query('ALTER TABLE "partner" DROP COLUMN "territory"');
    await queryRunner.query('ALTER TABLE "partner" DROP COLUMN "status"');
    await queryRunner.query('ALTER TABLE "partner" DROP COLUMN "tier"');
  }
}
