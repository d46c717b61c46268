import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The known_contact table exactly as KnownContactEntity maps it; a service's migration extends this with its own name. */
export abstract class KnownContactsMigration implements MigrationInterface {
  abstract name: string;

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "known_contact" ("id" uuid NOT NULL, "customer_id" uuid NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_known_contact" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "known_contact_customer_idx" ON "known_contact" ("customer_id")');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."known_contact_customer_idx"');
    await queryRunner.query('DROP TABLE "known_contact"');
  }
}
