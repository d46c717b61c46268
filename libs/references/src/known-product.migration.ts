import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The known_product table exactly as KnownProductEntity maps it; a service's migration extends this with its own name. */
export abstract class KnownProductsMigration implements MigrationInterface {
  abstract name: string;

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "known_product" ("id" uuid NOT NULL, "confirmed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_known_product" PRIMARY KEY ("id"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "known_product"');
  }
}
