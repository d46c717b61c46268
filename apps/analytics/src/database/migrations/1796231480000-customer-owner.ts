import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Whom notifications about a customer reach: each customer's owner, from sales' customer events. */
export class CustomerOwner1796231480000 implements MigrationInterface {
  name = 'CustomerOwner1796231480000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE "customer_owner" ("customer_id" uuid NOT NULL PRIMARY KEY, "owner_id" uuid)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "customer_owner"');
  }
}
