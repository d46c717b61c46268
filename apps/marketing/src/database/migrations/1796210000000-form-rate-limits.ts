import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The web forms' rate-limit counters, shared by every replica (rate-limiter-flexible's Postgres
 * store, in the shape it expects): one row per address or form, its points and when they expire.
 */
export class FormRateLimits1796210000000 implements MigrationInterface {
  name = 'FormRateLimits1796210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "form_rate_limit" ("key" character varying(255) NOT NULL, "points" integer NOT NULL DEFAULT 0, "expire" bigint, CONSTRAINT "PK_form_rate_limit" PRIMARY KEY ("key"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "form_rate_limit"');
  }
}
