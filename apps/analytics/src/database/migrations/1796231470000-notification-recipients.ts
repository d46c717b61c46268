import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Whom notifications about a partner reach: each partner's channel manager, from partners' events. */
export class NotificationRecipients1796231470000 implements MigrationInterface {
  name = 'NotificationRecipients1796231470000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE "partner_channel_manager" ("partner_id" uuid NOT NULL PRIMARY KEY, "channel_manager_id" uuid)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "partner_channel_manager"');
  }
}
