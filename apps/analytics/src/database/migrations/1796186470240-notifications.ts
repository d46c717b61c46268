import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users' inboxes, their preferences per kind, and the team membership a team mention expands to. */
export class Notifications1796186470240 implements MigrationInterface {
  name = 'Notifications1796186470240';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "directory_team_member" ("team_id" uuid NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "PK_bf95f06126ca6f044a34839c9e0" PRIMARY KEY ("team_id", "user_id"))',
    );
    await queryRunner.query('CREATE INDEX "directory_team_member_user_idx" ON "directory_team_member"  ("user_id") ');
    await queryRunner.query(
      'CREATE TABLE "notification_preference" ("user_id" uuid NOT NULL, "kind" text NOT NULL, "in_app" boolean NOT NULL, "email_digest" boolean NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_0f7529aefc65bd035491bb755bf" PRIMARY KEY ("user_id", "kind"))',
    );
    await queryRunner.query(
      'CREATE TABLE "notification" ("id" uuid NOT NULL, "recipient_id" uuid NOT NULL, "kind" text NOT NULL, "event_id" uuid NOT NULL, "record_type" text NOT NULL, "record_id" uuid NOT NULL, "customer_id" uuid, "summary" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "notification_event_recipient_key" UNIQUE ("event_id", "recipient_id"), CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "notification_inbox_idx" ON "notification"  ("recipient_id", "created_at", "id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."notification_inbox_idx"');
    await queryRunner.query('DROP TABLE "notification"');
    await queryRunner.query('DROP TABLE "notification_preference"');
    await queryRunner.query('DROP INDEX "public"."directory_team_member_user_idx"');
    await queryRunner.query('DROP TABLE "directory_team_member"');
  }
}
