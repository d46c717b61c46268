import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lead CSV imports: the job with its progress, and the file's rows staged with their outcome, so
 * an import resumes where it stopped and its failed rows can be read back with their reasons.
 */
export class LeadImports1796211000000 implements MigrationInterface {
  name = 'LeadImports1796211000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "lead_import" ("id" uuid NOT NULL, "status" text NOT NULL, "on_duplicate" text NOT NULL, "mapping" jsonb NOT NULL,
        "header" jsonb NOT NULL, "rows_total" integer NOT NULL DEFAULT 0, "rows_done" integer NOT NULL DEFAULT 0,
        "created" integer NOT NULL DEFAULT 0, "updated" integer NOT NULL DEFAULT 0, "skipped" integer NOT NULL DEFAULT 0,
        "failed" integer NOT NULL DEFAULT 0, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_lead_import" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "lead_import_running_idx" ON "lead_import" ("created_at") WHERE "status" = 'RUNNING'`);
    await queryRunner.query(
      `CREATE TABLE "lead_import_row" ("import_id" uuid NOT NULL, "line" integer NOT NULL, "email" text, "values" jsonb,
        "raw" jsonb, "outcome" text NOT NULL, "reason" text, "lead_id" uuid,
        CONSTRAINT "PK_lead_import_row" PRIMARY KEY ("import_id", "line"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "lead_import_row_pending_idx" ON "lead_import_row" ("import_id", "line") WHERE "outcome" = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE INDEX "lead_import_row_failed_idx" ON "lead_import_row" ("import_id", "line") WHERE "outcome" = 'FAILED'`,
    );
    await queryRunner.query(
      'ALTER TABLE "lead_import_row" ADD CONSTRAINT "FK_lead_import_row_import" FOREIGN KEY ("import_id") REFERENCES "lead_import"("id") ON DELETE CASCADE',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "lead_import_row"');
    await queryRunner.query('DROP TABLE "lead_import"');
  }
}
