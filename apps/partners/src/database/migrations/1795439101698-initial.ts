import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795439101698 implements MigrationInterface {
  name = 'Initial1795439101698';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "inbox" ("consumer" text NOT NULL, "event_id" uuid NOT NULL, "type" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_625a303addbbe1f30d3f65ed7fe" PRIMARY KEY ("consumer", "event_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "outbox" ("id" uuid NOT NULL, "seq" BIGSERIAL NOT NULL, "topic" text NOT NULL, "type" text NOT NULL, "source" text NOT NULL, "subject" text NOT NULL, "time" TIMESTAMP WITH TIME ZONE NOT NULL, "data" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "outbox_unpublished_idx" ON "outbox"  ("seq") WHERE published_at IS NULL');
    await queryRunner.query(
      'CREATE TABLE "partner_customer_link" ("partner_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_07e8cdb3270d42abdd9b057299f" PRIMARY KEY ("partner_id", "customer_id"))',
    );
    await queryRunner.query('CREATE INDEX "partner_customer_link_partner_idx" ON "partner_customer_link"  ("partner_id", "linked_at") ');
    await queryRunner.query('CREATE INDEX "partner_customer_link_customer_idx" ON "partner_customer_link"  ("customer_id", "linked_at") ');
    await queryRunner.query(
      'CREATE TABLE "partner" ("id" uuid NOT NULL, "name" text NOT NULL, "name_key" text NOT NULL, "kind" text NOT NULL DEFAULT \'RESELLER\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8f34ff11ddd5459eacbfacd48ca" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "partner_created_idx" ON "partner"  ("created_at", "id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "partner_name_key" ON "partner"  ("name_key") ');
    await queryRunner.query(
      'ALTER TABLE "partner_customer_link" ADD CONSTRAINT "FK_8e0cb5f909918a0a4e336df5153" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "partner_customer_link" DROP CONSTRAINT "FK_8e0cb5f909918a0a4e336df5153"');
    await queryRunner.query('DROP INDEX "public"."partner_name_key"');
    await queryRunner.query('DROP INDEX "public"."partner_created_idx"');
    await queryRunner.query('DROP TABLE "partner"');
    await queryRunner.query('DROP INDEX "public"."partner_customer_link_customer_idx"');
    await queryRunner.query('DROP INDEX "public"."partner_customer_link_partner_idx"');
    await queryRunner.query('DROP TABLE "partner_customer_link"');
    await queryRunner.query('DROP INDEX "public"."outbox_unpublished_idx"');
    await queryRunner.query('DROP TABLE "outbox"');
    await queryRunner.query('DROP TABLE "inbox"');
  }
}
