import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Activities' owners and due times, for the notification that one is due soon. */
export class ActivityDue1796231490000 implements MigrationInterface {
  name = 'ActivityDue1796231490000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "activity_due" ("activity_id" uuid NOT NULL PRIMARY KEY, "customer_id" uuid NOT NULL, "owner_id" uuid, "type" text NOT NULL, "subject" text NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE, "open" boolean NOT NULL)',
    );
    await q.query('CREATE INDEX "activity_due_open_idx" ON "activity_due" ("due_at") WHERE open');
    await q.query(`CREATE INDEX "notification_activity_due_idx" ON "notification" ("record_id") WHERE kind = 'ACTIVITY_DUE_SOON'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "notification_activity_due_idx"');
    await q.query('DROP TABLE "activity_due"');
  }
}
