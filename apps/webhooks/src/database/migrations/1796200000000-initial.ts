import { createEventTables, dropEventTables } from '@crm/events';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The worker's own database: endpoints learnt from sales' events, the delivery queue and its log, and the event tables. */
export class Initial1796200000000 implements MigrationInterface {
  name = 'Initial1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createEventTables(queryRunner);
    await queryRunner.query(
      'CREATE TABLE "webhook_endpoint" ("id" uuid NOT NULL, "url" text NOT NULL, "event_types" text array NOT NULL, "enabled" boolean NOT NULL, "consecutive_failures" integer NOT NULL DEFAULT 0, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_webhook_endpoint" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "webhook_delivery" ("id" uuid NOT NULL, "seq" BIGSERIAL NOT NULL, "endpoint_id" uuid NOT NULL, "event_id" uuid NOT NULL, "event_type" text NOT NULL, "ordering_key" text NOT NULL, "body" text NOT NULL, "status" text NOT NULL DEFAULT \'PENDING\', "attempts" integer NOT NULL DEFAULT 0, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_webhook_delivery" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "webhook_delivery_event_key" ON "webhook_delivery" ("endpoint_id", "event_id") ');
    await queryRunner.query(
      'CREATE INDEX "webhook_delivery_due_idx" ON "webhook_delivery" ("next_attempt_at") WHERE "status" = \'PENDING\'',
    );
    await queryRunner.query(
      'CREATE INDEX "webhook_delivery_order_idx" ON "webhook_delivery" ("endpoint_id", "ordering_key", "seq") WHERE "status" = \'PENDING\'',
    );
    await queryRunner.query(
      'CREATE TABLE "webhook_delivery_attempt" ("delivery_id" uuid NOT NULL, "attempt" integer NOT NULL, "status_code" integer, "duration_ms" integer NOT NULL, "error" text, "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_webhook_delivery_attempt" PRIMARY KEY ("delivery_id", "attempt"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "webhook_delivery_attempt"');
    await queryRunner.query('DROP TABLE "webhook_delivery"');
    await queryRunner.query('DROP TABLE "webhook_endpoint"');
    await dropEventTables(queryRunner);
  }
}
