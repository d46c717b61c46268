import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The known_customer table exactly as KnownCustomerEntity maps it. A service's migration extends
 * this with its own name (`KnownCustomers<timestamp>`), so the table is defined once.
 */
export abstract class KnownCustomersMigration implements MigrationInterface {
  abstract name: string;

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "known_customer" ("id" uuid NOT NULL, "state" text NOT NULL, "survivor_id" uuid, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_3f15cb4b48bc7557e301a819984" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "known_customer_survivor_idx" ON "known_customer" ("survivor_id")');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."known_customer_survivor_idx"');
    await queryRunner.query('DROP TABLE "known_customer"');
  }
}
