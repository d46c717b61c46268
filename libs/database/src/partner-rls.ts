import type { QueryRunner } from 'typeorm';

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

function ident(kind: string, v: string): string {
  if (!IDENT.test(v)) throw new Error(`${kind} "${v}" must be a plain lower-case identifier`);
  return `"${v}"`;
}

/** The policy's name on a table, so the down migration can drop it. */
export const partnerPolicyName = (table: string): string => `${table}_partner_scope`;

/**
 * Row-level security by partner on `table`, in a migration: a transaction whose `app.partner_id`
 * is a partner's id sees and writes only that partner's rows (`column` = id; rows whose column is
 * null belong to no partner and only internal callers see them); `*` (internal callers) sees
 * every row; unset or empty sees nothing. FORCE makes it hold for the table's owner too, which is
 * the service's own role; the role is neither superuser nor BYPASSRLS, so nothing skips it.
 */
export async function enablePartnerRls(queryRunner: QueryRunner, table: string, column: string): Promise<void> {
  const t = ident('table', table);
  const c = ident('column', column);
  const setting = `current_setting('app.partner_id', true)`;
  await queryRunner.query(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`);
  // Compared as text: the setting may be '*' or empty, which no uuid cast would accept.
  const rule = `(${setting} = '*' OR ${c}::text = ${setting})`;
  await queryRunner.query(`CREATE POLICY ${ident('policy', partnerPolicyName(table))} ON ${t} USING ${rule} WITH CHECK ${rule}`);
}

/** The down migration of enablePartnerRls. */
export async function disablePartnerRls(queryRunner: QueryRunner, table: string): Promise<void> {
  const t = ident('table', table);
  await queryRunner.query(`DROP POLICY IF EXISTS ${ident('policy', partnerPolicyName(table))} ON ${t}`);
  await queryRunner.query(`ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY`);
}
