import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The notification email digest: which notifications it mailed, and each user's next digest. */
export class NotificationDigest1796234000000 implements MigrationInterface {
  name = 'NotificationDigest1796234000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "notification" ADD "digested_at" TIMESTAMP WITH TIME ZONE');
    // Inboxes kept before the digest existed are not mailed now: the digest starts from here.
    await q.query('UPDATE "notification" SET "digested_at" = now()');
    await q.query(
      'CREATE INDEX "notification_digest_pending_idx" ON "notification" ("recipient_id", "created_at") WHERE read_at IS NULL AND digested_at IS NULL',
    );
    await q.query(
      'CREATE TABLE "notification_digest" ("user_id" uuid NOT NULL PRIMARY KEY, "next_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_sent_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "notification_digest"');
    await q.query('DROP INDEX "notification_digest_pending_idx"');
    await q.query('ALTER TABLE "notification" DROP COLUMN "digested_at"');
  }
}
