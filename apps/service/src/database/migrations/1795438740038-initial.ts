import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795438740038 implements MigrationInterface {
  name = 'Initial1795438740038';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "inbox" ("consumer" text NOT NULL, "event_id" uuid NOT NULL, "type" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_625a303addbbe1f30d3f65ed7fe" PRIMARY KEY ("consumer", "event_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "outbox" ("id" uuid NOT NULL, "seq" BIGSERIAL NOT NULL, "topic" text NOT NULL, "type" text NOT NULL, "source" text NOT NULL, "subject" text NOT NULL, "time" TIMESTAMP WITH TIME ZONE NOT NULL, "data" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "outbox_unpublished_idx" ON "outbox"  ("seq") WHERE published_at IS NULL');
    await queryRunner.query(
      'CREATE TABLE "support_case" ("id" uuid NOT NULL, "customer_id" uuid NOT NULL, "subject" text NOT NULL, "description" text, "type" text NOT NULL DEFAULT \'REQUEST\', "priority" text NOT NULL, "priority_rank" smallint NOT NULL, "status" text NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_bb49f208672f180300c95fed180" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "support_case_priority_idx" ON "support_case"  ("priority_rank", "opened_at", "id") ');
    await queryRunner.query('CREATE INDEX "support_case_opened_idx" ON "support_case"  ("opened_at", "id") ');
    await queryRunner.query('CREATE INDEX "support_case_customer_idx" ON "support_case"  ("customer_id", "opened_at", "id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."support_case_customer_idx"');
    await queryRunner.query('DROP INDEX "public"."support_case_opened_idx"');
    await queryRunner.query('DROP INDEX "public"."support_case_priority_idx"');
    await queryRunner.query('DROP TABLE "support_case"');
    await queryRunner.query('DROP INDEX "public"."outbox_unpublished_idx"');
    await queryRunner.query('DROP TABLE "outbox"');
    await queryRunner.query('DROP TABLE "inbox"');
  }
}
