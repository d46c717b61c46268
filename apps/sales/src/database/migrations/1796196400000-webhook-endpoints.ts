import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Webhook endpoints that admins register; the webhook worker delivers to them. */
export class WebhookEndpoints1796196400000 implements MigrationInterface {
  name = 'WebhookEndpoints1796196400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "webhook_endpoint" ("id" uuid NOT NULL, "url" text NOT NULL, "description" text, "event_types" text array NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_webhook_endpoint" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "webhook_endpoint_created_idx" ON "webhook_endpoint" ("created_at", "id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "webhook_endpoint"');
  }
}
