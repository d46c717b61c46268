/**
 * How far a restore moves the outbox's commit order: more events than a service can have published
 * between its backup and its restore, and little enough that a bigint (the CloudEvents sequence
 * has 20 digits) takes millions of restores.
 */
export const RESTORE_SEQUENCE_GAP = 1_000_000_000_000n;

/**
 * After a database is restored from a backup, its outbox counts commits from the backup's point
 * again: the events committed from then on get sequence numbers that events already published
 * (after the backup, before the restore) carried. Consumers that keep the latest state by that
 * order (analytics' warehouse) would take the new events as older and keep what the restore lost.
 * This moves the counter `RESTORE_SEQUENCE_GAP` past anything the database has handed out, so
 * every event committed from now on is newer again. Running it twice only moves it further.
 */
export async function advanceOutboxSequence(db: {
  query<T>(sql: string, params?: unknown[]): Promise<T>;
}): Promise<{ from: string; to: string }> {
  const [moved] = await db.query<{ from: string; to: string }[]>(
    `WITH handed_out AS (
       SELECT greatest(coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox', 'seq')::regclass), 0),
                       coalesce((SELECT max(seq) FROM outbox), 0)) AS v
     )
     SELECT v::text AS "from", setval(pg_get_serial_sequence('outbox', 'seq'), v + $1::bigint)::text AS "to" FROM handed_out`,
    [RESTORE_SEQUENCE_GAP.toString()],
  );
  return moved!;
}
