import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CustomerAlias1795457755532 implements MigrationInterface {
  name = 'CustomerAlias1795457755532';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "customer_alias" ("merged_id" uuid NOT NULL, "survivor_id" uuid NOT NULL, "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8d7b36a3a3f5731c2cd49acc5c7" PRIMARY KEY ("merged_id"))',
    );
    await queryRunner.query('CREATE INDEX "customer_alias_survivor_idx" ON "customer_alias"  ("survivor_id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."customer_alias_survivor_idx"');
    await queryRunner.query('DROP TABLE "customer_alias"');
  }
}
