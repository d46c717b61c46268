import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CustomerMerge1795457329043 implements MigrationInterface {
  name = 'CustomerMerge1795457329043';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "customer_merge" ("id" uuid NOT NULL, "survivor_id" uuid NOT NULL, "merged_id" uuid NOT NULL, "moved" jsonb NOT NULL, "merged_by" uuid, "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_0eab85162e7d59ddab571a4552b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "customer_merge_merged_idx" ON "customer_merge"  ("merged_id") ');
    await queryRunner.query('CREATE INDEX "customer_merge_survivor_idx" ON "customer_merge"  ("survivor_id", "merged_at") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."customer_merge_survivor_idx"');
    await queryRunner.query('DROP INDEX "public"."customer_merge_merged_idx"');
    await queryRunner.query('DROP TABLE "customer_merge"');
  }
}
