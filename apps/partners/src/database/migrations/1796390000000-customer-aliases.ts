import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * customer_alias: the customers sales merged away and the survivor partners' rows moved to, so a
 * write keyed by a merged-away id that comes later follows the merge too. Ids only: no row-level
 * security, as known_customer.
 */
export class CustomerAliases1796390000000 implements MigrationInterface {
  name = 'CustomerAliases1796390000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "customer_alias" ("merged_id" uuid NOT NULL, "survivor_id" uuid NOT NULL, "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_customer_alias" PRIMARY KEY ("merged_id"))',
    );
    await queryRunner.query('CREATE INDEX "customer_alias_survivor_idx" ON "customer_alias" ("survivor_id")');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "customer_alias_survivor_idx"');
    await queryRunner.query('DROP TABLE "customer_alias"');
  }
}
