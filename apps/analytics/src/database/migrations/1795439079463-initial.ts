import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795439079463 implements MigrationInterface {
  name = 'Initial1795439079463';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "inbox" ("consumer" text NOT NULL, "event_id" uuid NOT NULL, "type" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_625a303addbbe1f30d3f65ed7fe" PRIMARY KEY ("consumer", "event_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "outbox" ("id" uuid NOT NULL, "seq" BIGSERIAL NOT NULL, "topic" text NOT NULL, "type" text NOT NULL, "source" text NOT NULL, "subject" text NOT NULL, "time" TIMESTAMP WITH TIME ZONE NOT NULL, "data" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "outbox_unpublished_idx" ON "outbox"  ("seq") WHERE published_at IS NULL');
    await queryRunner.query(
      'CREATE TABLE "customer_metrics" ("customer_id" uuid NOT NULL, "interaction_count" integer NOT NULL, "last_interaction_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c5195aa4470cbb0fdf4b15cdd6a" PRIMARY KEY ("customer_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "timeline_entry" ("id" uuid NOT NULL, "customer_id" uuid NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "type" text NOT NULL, "source" text NOT NULL, "summary" text NOT NULL, CONSTRAINT "PK_61a61c7f75f9c69d73d7a2fd666" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "timeline_entry_occurred_idx" ON "timeline_entry"  ("occurred_at", "id") ');
    await queryRunner.query('CREATE INDEX "timeline_entry_customer_idx" ON "timeline_entry"  ("customer_id", "occurred_at", "id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."timeline_entry_customer_idx"');
    await queryRunner.query('DROP INDEX "public"."timeline_entry_occurred_idx"');
    await queryRunner.query('DROP TABLE "timeline_entry"');
    await queryRunner.query('DROP TABLE "customer_metrics"');
    await queryRunner.query('DROP INDEX "public"."outbox_unpublished_idx"');
    await queryRunner.query('DROP TABLE "outbox"');
    await queryRunner.query('DROP TABLE "inbox"');
  }
}
