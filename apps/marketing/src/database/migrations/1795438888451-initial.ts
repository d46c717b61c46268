import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795438888451 implements MigrationInterface {
  name = 'Initial1795438888451';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "inbox" ("consumer" text NOT NULL, "event_id" uuid NOT NULL, "type" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_625a303addbbe1f30d3f65ed7fe" PRIMARY KEY ("consumer", "event_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "outbox" ("id" uuid NOT NULL, "seq" BIGSERIAL NOT NULL, "topic" text NOT NULL, "type" text NOT NULL, "source" text NOT NULL, "subject" text NOT NULL, "time" TIMESTAMP WITH TIME ZONE NOT NULL, "data" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "outbox_unpublished_idx" ON "outbox"  ("seq") WHERE published_at IS NULL');
    await queryRunner.query(
      'CREATE TABLE "lead" ("id" uuid NOT NULL, "email" text NOT NULL, "name" text NOT NULL, "company" text, "source" text NOT NULL, "status" text NOT NULL, "customer_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ca96c1888f7dcfccab72b72fffa" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "lead_customer_idx" ON "lead"  ("customer_id", "created_at") ');
    await queryRunner.query('CREATE INDEX "lead_created_idx" ON "lead"  ("created_at", "id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "lead_email_key" ON "lead"  ("email") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."lead_email_key"');
    await queryRunner.query('DROP INDEX "public"."lead_created_idx"');
    await queryRunner.query('DROP INDEX "public"."lead_customer_idx"');
    await queryRunner.query('DROP TABLE "lead"');
    await queryRunner.query('DROP INDEX "public"."outbox_unpublished_idx"');
    await queryRunner.query('DROP TABLE "outbox"');
    await queryRunner.query('DROP TABLE "inbox"');
  }
}
