import type { Transaction } from '@crm/database';
import { isUuid } from '@crm/graphql';
import type { CsvRow } from '@crm/subgraph';
import type { ImportRecordsRepository } from './import-records.repository';

/**
 * The owners a batch's rows name in `column`, a user's id or email, looked up in one query: for
 * each row its owner's id, why the cell names nobody (or several users: emails are not unique in
 * the directory), or null when the row names none.
 */
export async function ownersOf(
  records: ImportRecordsRepository,
  tx: Transaction,
  column: string | undefined,
  rows: readonly CsvRow[],
): Promise<(row: CsvRow) => { id: string } | { reason: string } | null> {
  if (!column) return () => null;
  const cells = rows.map((r) => r.cells[column]?.toLowerCase()).filter((c): c is string => c !== undefined);
  const users = await records.users(
    tx,
    cells.filter((c) => isUuid(c)),
    cells.filter((c) => !isUuid(c)),
  );
  const ids = new Set(users.map((u) => u.id));
  const byEmail = new Map<string, string[]>();
  for (const u of users) if (u.email) byEmail.set(u.email, [...(byEmail.get(u.email) ?? []), u.id]);
  return (row) => {
    const cell = row.cells[column]?.toLowerCase();
    if (cell === undefined) return null;
    // The guard narrows its own argument, not `cell`: an email's cell stays a string below.
    const ref: unknown = cell;
    if (isUuid(ref)) return ids.has(cell) ? { id: cell } : { reason: `${column} names no user: none has the id ${cell}` };
    const found = byEmail.get(cell) ?? [];
    if (found.length === 1) return { id: found[0]! };
    if (found.length === 0) return { reason: `${column} names no user: none has the email ${cell}` };
    return { reason: `${column} is the email of ${found.length} users: give the owner's id instead` };
  };
}
