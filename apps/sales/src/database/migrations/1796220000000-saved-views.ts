import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users' saved views of lists; a name is unique per owner and list, whatever its case. */
export class SavedViews1796220000000 implements MigrationInterface {
  name = 'SavedViews1796220000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "saved_view" ("id" uuid NOT NULL, "owner_id" uuid NOT NULL, "list" text NOT NULL, "name" text NOT NULL, "filters" jsonb NOT NULL, "sort" text NOT NULL, "shared" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_saved_view" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "saved_view_owner_list_idx" ON "saved_view" ("owner_id", "list") ');
    // The backstop behind the service's check (taken under an advisory lock) for a clear error.
    await queryRunner.query('CREATE UNIQUE INDEX "saved_view_owner_list_name_key" ON "saved_view" ("owner_id", "list", lower("name"))');
    await queryRunner.query('CREATE INDEX "saved_view_shared_idx" ON "saved_view" ("list", "name") WHERE "shared"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."saved_view_shared_idx"');
    await queryRunner.query('DROP INDEX "public"."saved_view_owner_list_name_key"');
    await queryRunner.query('DROP INDEX "public"."saved_view_owner_list_idx"');
    await queryRunner.query('DROP TABLE "saved_view"');
  }
}
