import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The webhook worker's attempts, reported by its events: the delivery log of each endpoint. */
export class WebhookDeliveryLog1796200100000 implements MigrationInterface {
  name = 'WebhookDeliveryLog1796200100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "webhook_delivery_attempt" ("id" uuid NOT NULL, "endpoint_id" uuid NOT NULL, "delivery_id" uuid NOT NULL, "event_id" uuid NOT NULL, "event_type" text NOT NULL, "attempt" integer NOT NULL, "status_code" integer, "duration_ms" integer NOT NULL, "error" text, "outcome" text NOT NULL, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_webhook_delivery_attempt" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "webhook_delivery_attempt_endpoint_idx" ON "webhook_delivery_attempt" ("endpoint_id", "attempted_at", "id") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "webhook_delivery_attempt"');
  }
}
