import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795437837300 implements MigrationInterface {
  name = 'Initial1795437837300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "inbox" ("consumer" text NOT NULL, "event_id" uuid NOT NULL, "type" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_625a303addbbe1f30d3f65ed7fe" PRIMARY KEY ("consumer", "event_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "outbox" ("id" uuid NOT NULL, "seq" BIGSERIAL NOT NULL, "topic" text NOT NULL, "type" text NOT NULL, "source" text NOT NULL, "subject" text NOT NULL, "time" TIMESTAMP WITH TIME ZONE NOT NULL, "data" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "outbox_unpublished_idx" ON "outbox"  ("seq") WHERE published_at IS NULL');
    await queryRunner.query(
      'CREATE TABLE "contact" ("id" uuid NOT NULL, "customer_id" uuid NOT NULL, "first_name" text NOT NULL, "last_name" text NOT NULL, "email" text, "phone" text, "title" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2cbbe00f59ab6b3bb5b8d19f989" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "contact_email_idx" ON "contact"  ("email") ');
    await queryRunner.query('CREATE INDEX "contact_customer_idx" ON "contact"  ("customer_id", "created_at") ');
    await queryRunner.query(
      'CREATE TABLE "customer" ("id" uuid NOT NULL, "name" text NOT NULL, "kind" text NOT NULL DEFAULT \'COMPANY\', "domain" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a7a13f4cacb744524e44dfdad32" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "customer_domain_idx" ON "customer"  ("domain") ');
    await queryRunner.query('CREATE INDEX "customer_name_idx" ON "customer"  ("name", "id") ');
    await queryRunner.query('CREATE INDEX "customer_created_idx" ON "customer"  ("created_at", "id") ');
    await queryRunner.query(
      'ALTER TABLE "contact" ADD CONSTRAINT "FK_2838ec3d713f319d148e5987b1c" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "contact" DROP CONSTRAINT "FK_2838ec3d713f319d148e5987b1c"');
    await queryRunner.query('DROP INDEX "public"."customer_created_idx"');
    await queryRunner.query('DROP INDEX "public"."customer_name_idx"');
    await queryRunner.query('DROP INDEX "public"."customer_domain_idx"');
    await queryRunner.query('DROP TABLE "customer"');
    await queryRunner.query('DROP INDEX "public"."contact_customer_idx"');
    await queryRunner.query('DROP INDEX "public"."contact_email_idx"');
    await queryRunner.query('DROP TABLE "contact"');
    await queryRunner.query('DROP INDEX "public"."outbox_unpublished_idx"');
    await queryRunner.query('DROP TABLE "outbox"');
    await queryRunner.query('DROP TABLE "inbox"');
  }
}
