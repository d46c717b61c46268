import type { MigrationInterface, QueryRunner } from 'typeorm';

const SETTING = `current_setting('app.customer_id', true)`;

/** A resolved case's satisfaction survey and its one answer, scoped by customer like the case's other tables. */
export class CaseSatisfaction1796170000300 implements MigrationInterface {
  name = 'CaseSatisfaction1796170000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "case_satisfaction" ("case_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "score" smallint, "comment" text, "answered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_case_satisfaction" PRIMARY KEY ("case_id"), CONSTRAINT "case_satisfaction_score_check" CHECK ("score" BETWEEN 1 AND 5), CONSTRAINT "case_satisfaction_answer_check" CHECK (("score" IS NULL) = ("answered_at" IS NULL)))`,
    );
    await queryRunner.query(
      `CREATE INDEX "case_satisfaction_answered_idx" ON "case_satisfaction" ("answered_at") WHERE answered_at IS NOT NULL`,
    );
    const rule = `(${SETTING} = '*' OR (${SETTING} <> '' AND EXISTS (SELECT 1 FROM support_case c WHERE c.id = case_id)))`;
    await queryRunner.query(`ALTER TABLE "case_satisfaction" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE "case_satisfaction" FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`CREATE POLICY "case_satisfaction_customer_scope" ON "case_satisfaction" USING ${rule} WITH CHECK ${rule}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "case_satisfaction"');
  }
}
