import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customer and contact CSV imports: each job with its progress, and the file's rows staged with
 * their outcome, so an import resumes where it stopped and its failed rows can be read back with
 * their reasons. The same shape as marketing's lead imports (CsvImports in libs/subgraph runs both);
 * `key` is a row's dedupe key (a customer's domain, a contact's email).
 */
export class CsvImports1796212000000 implements MigrationInterface {
  name = 'CsvImports1796212000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const kind of ['customer', 'contact']) {
      await queryRunner.query(
        `CREATE TABLE "${kind}_import" ("id" uuid NOT NULL, "status" text NOT NULL, "on_duplicate" text NOT NULL, "mapping" jsonb NOT NULL,
          "header" jsonb NOT NULL, "rows_total" integer NOT NULL DEFAULT 0, "rows_done" integer NOT NULL DEFAULT 0,
          "created" integer NOT NULL DEFAULT 0, "updated" integer NOT NULL DEFAULT 0, "skipped" integer NOT NULL DEFAULT 0,
          "failed" integer NOT NULL DEFAULT 0, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
          "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE,
          CONSTRAINT "PK_${kind}_import" PRIMARY KEY ("id"))`,
      );
      await queryRunner.query(`CREATE INDEX "${kind}_import_running_idx" ON "${kind}_import" ("created_at") WHERE "status" = 'RUNNING'`);
      await queryRunner.query(
        `CREATE TABLE "${kind}_import_row" ("import_id" uuid NOT NULL, "line" integer NOT NULL, "key" text, "values" jsonb,
          "raw" jsonb, "outcome" text NOT NULL, "reason" text, "record_id" uuid,
          CONSTRAINT "PK_${kind}_import_row" PRIMARY KEY ("import_id", "line"))`,
      );
      await queryRunner.query(
        `CREATE INDEX "${kind}_import_row_pending_idx" ON "${kind}_import_row" ("import_id", "line") WHERE "outcome" = 'PENDING'`,
      );
      await queryRunner.query(
        `CREATE INDEX "${kind}_import_row_failed_idx" ON "${kind}_import_row" ("import_id", "line") WHERE "outcome" = 'FAILED'`,
      );
      await queryRunner.query(
        `ALTER TABLE "${kind}_import_row" ADD CONSTRAINT "FK_${kind}_import_row_import" FOREIGN KEY ("import_id") REFERENCES "${kind}_import"("id") ON DELETE CASCADE`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const kind of ['contact', 'customer']) {
      await queryRunner.query(`DROP TABLE "${kind}_import_row"`);
      await queryRunner.query(`DROP TABLE "${kind}_import"`);
    }
  }
}
