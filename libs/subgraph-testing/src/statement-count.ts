import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/**
 * How many SQL statements that `counts` accepts one run of `run` issues: the fewest over `tries` runs,
 * with what the last run returned, for the test to check the reply it counted.
 *
 * Every test subgraph runs SQL in the background (the outbox relay, consumers applying earlier
 * tests' events, jobs), and some of it reads the same tables a batching test counts. Background
 * work only ever adds statements to a window, so the fewest of a few tries is the run's own count,
 * while an N+1 shows in every try.
 */
export async function fewestStatements<T>(
  run: () => Promise<T>,
  counts: (sql: string, params: unknown) => boolean,
  tries = 3,
): Promise<{ statements: number; result: T }> {
  const statements = jest.spyOn(PostgresQueryRunner.prototype, 'query');
  try {
    let fewest = Number.POSITIVE_INFINITY;
    let result!: T;
    for (let i = 0; i < tries; i++) {
      statements.mockClear();
      result = await run();
      fewest = Math.min(fewest, statements.mock.calls.filter(([sql, params]) => counts(String(sql), params)).length);
    }
    return { statements: fewest, result };
  } finally {
    statements.mockRestore();
  }
}

/** A statement filter: SELECTs naming one of `tables`, leaving out the background's own tables and each transaction's scope. */
export function readsOf(...tables: string[]): (sql: string) => boolean {
  const named = new RegExp(`"?(${tables.join('|')})`);
  return (sql) => /^\s*SELECT/i.test(sql) && named.test(sql) && !/outbox|_import/.test(sql) && !/set_config\(/.test(sql);
}
