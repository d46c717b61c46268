import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseDetails1796160358592 implements MigrationInterface {
  name = 'CaseDetails1796160358592';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "case_message" ("id" uuid NOT NULL, "case_id" uuid NOT NULL, "internal" boolean NOT NULL, "body" text NOT NULL, "author_id" uuid, "posted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_fbd91c2b28954afd51a74408053" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "case_message_case_idx" ON "case_message"  ("case_id", "posted_at", "id") ');
    await queryRunner.query(
      'CREATE TABLE "case_relation" ("case_id" uuid NOT NULL, "related_case_id" uuid NOT NULL, "related_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_acac25f8eb4109b3a82d6a62f61" PRIMARY KEY ("case_id", "related_case_id"))',
    );
    await queryRunner.query('ALTER TABLE "support_case" ADD "channel" text NOT NULL DEFAULT \'WEB\'');
    await queryRunner.query('ALTER TABLE "support_case" ADD "product_id" uuid');
    await queryRunner.query('ALTER TABLE "support_case" ADD "contact_id" uuid');
    await queryRunner.query('ALTER TABLE "support_case" ADD "assignee_id" uuid');
    await queryRunner.query('ALTER TABLE "support_case" ADD "merged_into_id" uuid');
    await queryRunner.query('CREATE INDEX "support_case_product_idx" ON "support_case"  ("product_id", "opened_at", "id") ');
    await queryRunner.query('CREATE INDEX "support_case_assignee_idx" ON "support_case"  ("assignee_id", "opened_at", "id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."support_case_assignee_idx"');
    await queryRunner.query('DROP INDEX "public"."support_case_product_idx"');
    await queryRunner.query('ALTER TABLE "support_case" DROP COLUMN "merged_into_id"');
    await queryRunner.query('ALTER TABLE "support_case" DROP COLUMN "assignee_id"');
    await queryRunner.query('ALTER TABLE "support_case" DROP COLUMN "contact_id"');
    await queryRunner.query('ALTER TABLE "support_case" DROP COLUMN "product_id"');
    await queryRunner.query('ALTER TABLE "support_case" DROP COLUMN "channel"');
    await queryRunner.query('DROP TABLE "case_relation"');
    await queryRunner.query('DROP INDEX "public"."case_message_case_idx"');
    await queryRunner.query('DROP TABLE "case_message"');
  }
}
