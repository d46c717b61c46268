import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Email1796174859202 implements MigrationInterface {
  name = 'Email1796174859202';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "email_send" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "template_id" uuid NOT NULL, "subject" text NOT NULL, "html" text NOT NULL, "text" text NOT NULL, "links" text array NOT NULL, "status" text NOT NULL, "scheduled_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e1b0ecc12e9dafe0087b904d8d8" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "email_send_due_idx" ON "email_send"  ("status", "scheduled_at") ');
    await queryRunner.query(
      'CREATE TABLE "email_message" ("id" uuid NOT NULL, "send_id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "person_kind" text NOT NULL, "person_id" uuid NOT NULL, "customer_id" uuid, "email" text NOT NULL, "status" text NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, "opened_at" TIMESTAMP WITH TIME ZONE, "clicked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_9fe3a0a31f2ffe66dd976851792" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "email_message_status_idx" ON "email_message"  ("send_id", "status") ');
    await queryRunner.query('CREATE UNIQUE INDEX "email_message_person_key" ON "email_message"  ("send_id", "person_id") ');
    await queryRunner.query(
      'CREATE TABLE "email_template" ("id" uuid NOT NULL, "name" text NOT NULL, "subject" text NOT NULL, "html" text NOT NULL, "text" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c90815fd4ca9119f19462207710" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "email_template_created_idx" ON "email_template"  ("created_at", "id") ');
    await queryRunner.query(
      'ALTER TABLE "email_send" ADD CONSTRAINT "FK_63c78fb54ec9ed0c6878a64d4fc" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "email_message" ADD CONSTRAINT "FK_5a219e0a552150b8bff382dd8e7" FOREIGN KEY ("send_id") REFERENCES "email_send"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "email_message" DROP CONSTRAINT "FK_5a219e0a552150b8bff382dd8e7"');
    await queryRunner.query('ALTER TABLE "email_send" DROP CONSTRAINT "FK_63c78fb54ec9ed0c6878a64d4fc"');
    await queryRunner.query('DROP INDEX "public"."email_template_created_idx"');
    await queryRunner.query('DROP TABLE "email_template"');
    await queryRunner.query('DROP INDEX "public"."email_message_person_key"');
    await queryRunner.query('DROP INDEX "public"."email_message_status_idx"');
    await queryRunner.query('DROP TABLE "email_message"');
    await queryRunner.query('DROP INDEX "public"."email_send_due_idx"');
    await queryRunner.query('DROP TABLE "email_send"');
  }
}
