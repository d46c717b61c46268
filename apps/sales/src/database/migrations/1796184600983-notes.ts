import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Notes on records, and each note's earlier versions. */
export class Notes1796184600983 implements MigrationInterface {
  name = 'Notes1796184600983';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "note_version" ("note_id" uuid NOT NULL, "version" integer NOT NULL, "body" text NOT NULL, "mentioned_user_ids" uuid array NOT NULL, "mentioned_team_ids" uuid array NOT NULL, "edited_by" uuid NOT NULL, "edited_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_2bcaa8e284561234fde449c564c" PRIMARY KEY ("note_id", "version"))',
    );
    await queryRunner.query(
      'CREATE TABLE "note" ("id" uuid NOT NULL, "record_type" text NOT NULL, "record_id" uuid NOT NULL, "customer_id" uuid, "author_id" uuid NOT NULL, "body" text NOT NULL, "mentioned_user_ids" uuid array NOT NULL DEFAULT \'{}\', "mentioned_team_ids" uuid array NOT NULL DEFAULT \'{}\', "version" integer NOT NULL DEFAULT \'1\', "edited_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, "deleted_by" uuid, CONSTRAINT "PK_96d0c172a4fba276b1bbed43058" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "note_record_idx" ON "note"  ("record_id", "created_at", "id") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."note_record_idx"');
    await queryRunner.query('DROP TABLE "note"');
    await queryRunner.query('DROP TABLE "note_version"');
  }
}
