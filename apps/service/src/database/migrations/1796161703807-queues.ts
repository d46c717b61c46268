import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Queues1796161703807 implements MigrationInterface {
  name = 'Queues1796161703807';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "queue_member" ("queue_id" uuid NOT NULL, "user_id" uuid NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_769b4cdd6065fd9fe851e5f6ad0" PRIMARY KEY ("queue_id", "user_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "queue" ("id" uuid NOT NULL, "name" text NOT NULL, "routing_mode" text NOT NULL, "last_assignee_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_4adefbd9c73b3f9a49985a5529f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "queue_name_key" ON "queue"  ("name") ');
    await queryRunner.query(
      'CREATE TABLE "routing_rule" ("id" uuid NOT NULL, "position" integer NOT NULL, "queue_id" uuid NOT NULL, "case_type" text, "channel" text, "product_id" uuid, CONSTRAINT "PK_b402e9e6a4d11fbd58e076daa2f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "routing_rule_position_key" ON "routing_rule"  ("position") ');
    await queryRunner.query('ALTER TABLE "support_case" ADD "queue_id" uuid');
    await queryRunner.query('CREATE INDEX "support_case_queue_idx" ON "support_case"  ("queue_id", "opened_at", "id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."support_case_queue_idx"');
    await queryRunner.query('ALTER TABLE "support_case" DROP COLUMN "queue_id"');
    await queryRunner.query('DROP INDEX "public"."routing_rule_position_key"');
    await queryRunner.query('DROP TABLE "routing_rule"');
    await queryRunner.query('DROP INDEX "public"."queue_name_key"');
    await queryRunner.query('DROP TABLE "queue"');
    await queryRunner.query('DROP TABLE "queue_member"');
  }
}
