import type { MigrationInterface, QueryRunner } from 'typeorm';

const SETTING = `current_setting('app.customer_id', true)`;

/**
 * What a transaction scoped to one customer (`app.customer_id`, a portal contact's) may see of
 * each table; `*` (every staff caller, consumers and jobs) sees every row, and unset or empty sees
 * nothing. The cases' own tables follow support_case through EXISTS, which that table's policy
 * filters in turn.
 */
const POLICIES: Record<string, string> = {
  support_case: `customer_id::text = ${SETTING}`,
  case_message: `NOT internal AND EXISTS (SELECT 1 FROM support_case c WHERE c.id = case_id)`,
  case_relation: `EXISTS (SELECT 1 FROM support_case c WHERE c.id = case_id)`,
  case_article: `EXISTS (SELECT 1 FROM support_case c WHERE c.id = case_id)`,
  kb_article: `status = 'PUBLISHED' AND visibility = 'PUBLIC'`,
  kb_article_version: 'false',
  kb_article_vote: 'false',
  kb_category: 'true',
};

/** Row-level security by customer: the backstop behind the self-service portal's filters. */
export class CustomerScope1796170000200 implements MigrationInterface {
  name = 'CustomerScope1796170000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, own] of Object.entries(POLICIES)) {
      const rule = `(${SETTING} = '*' OR (${SETTING} <> '' AND ${own}))`;
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`CREATE POLICY "${table}_customer_scope" ON "${table}" USING ${rule} WITH CHECK ${rule}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of Object.keys(POLICIES)) {
      await queryRunner.query(`DROP POLICY IF EXISTS "${table}_customer_scope" ON "${table}"`);
      await queryRunner.query(`ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
  }
}
