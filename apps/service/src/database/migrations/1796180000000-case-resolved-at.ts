import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When work on a case ended, for the service dashboard's handle time and resolution SLA. Backfilled
 * from what history this database still holds, exact values only:
 * - the outbox keeps published events for a few days: a case now RESOLVED or CLOSED ended its work
 *   with its last status-changed event from an open status (a later reopen would have been a move
 *   to OPEN, and its next resolution another such event);
 * - failing that, its satisfaction survey, sent when it was first resolved.
 * A case resolved earlier than both stays null, and the dashboard's resolved figures leave it out.
 */
export class CaseResolvedAt1796180000000 implements MigrationInterface {
  name = 'CaseResolvedAt1796180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "support_case" ADD "resolved_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('CREATE INDEX "support_case_resolved_idx" ON "support_case"  ("resolved_at") WHERE resolved_at IS NOT NULL');
    await backfillResolvedAt(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."support_case_resolved_idx"');
    await queryRunner.query('ALTER TABLE "support_case" DROP COLUMN "resolved_at"');
  }
}

/** Sets resolved_at of RESOLVED and CLOSED cases that have none, from the history at hand (see above). */
export async function backfillResolvedAt(queryRunner: { query(text: string): Promise<unknown> }): Promise<void> {
  // support_case has row-level security forced on its owner: the backfill sees every customer's cases.
  await queryRunner.query(`SELECT set_config('app.customer_id', '*', true)`);
  await queryRunner.query(
    `UPDATE support_case c SET resolved_at = h.at
     FROM (
       SELECT DISTINCT ON (o.data->>'caseId') (o.data->>'caseId')::uuid AS case_id, (o.data->>'changedAt')::timestamptz AS at
       FROM outbox o
       WHERE o.type = 'crm.service.case.status-changed.v1'
         AND o.data->>'from' IN ('NEW', 'OPEN', 'PENDING') AND o.data->>'to' IN ('RESOLVED', 'CLOSED')
       ORDER BY o.data->>'caseId', o.seq DESC
     ) h
     WHERE c.id = h.case_id AND c.resolved_at IS NULL AND c.status IN ('RESOLVED', 'CLOSED')`,
  );
  await queryRunner.query(
    `UPDATE support_case c SET resolved_at = s.sent_at FROM case_satisfaction s
     WHERE s.case_id = c.id AND c.resolved_at IS NULL AND c.status IN ('RESOLVED', 'CLOSED')`,
  );
}
