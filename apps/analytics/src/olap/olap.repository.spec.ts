import { InvalidError } from '@crm/domain';
import { QueryFailedError, type DataSource } from 'typeorm';
import { OlapRepository, type ResolvedQuery } from './olap.repository';
import { CUBES } from './olap.catalogue';

/** A data source whose transaction records its statements and answers (or fails) the cube's. */
function fakeDb(cube: () => unknown): { db: DataSource; statements: string[] } {
  const statements: string[] = [];
  const manager = {
    query: async (text: string) => {
      statements.push(text);
      return text.startsWith('SET LOCAL') ? [] : cube();
    },
  };
  const db = { transaction: async <T>(work: (m: typeof manager) => Promise<T>) => work(manager) } as unknown as DataSource;
  return { db, statements };
}

const cube = CUBES[0]!;
const query: ResolvedQuery = { cube, measures: [cube.measures[0]!], dimensions: [], filters: [], rollup: false, limit: 10 };

describe('OlapRepository.run', () => {
  it('runs the cube under its own statement timeout, in the same transaction', async () => {
    const { db, statements } = fakeDb(() => [{ keys: [null], grouping: [0], values: ['3'] }]);
    const rows = await new OlapRepository(db, { OLAP_STATEMENT_TIMEOUT_MS: 1234 }).run(query);
    expect(statements[0]).toBe('SET LOCAL statement_timeout = 1234');
    expect(statements[1]).toContain(`FROM ${cube.from}`);
    expect(rows.map((r) => r.values)).toEqual([['3']]);
  });

  it('turns a statement Postgres cancelled on the timeout into BAD_USER_INPUT on query, saying how to narrow it', async () => {
    const cancelled = new QueryFailedError(
      'SELECT',
      [],
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
    );
    const { db } = fakeDb(() => {
      throw cancelled;
    });
    const refusal = await new OlapRepository(db, { OLAP_STATEMENT_TIMEOUT_MS: 4000 }).run(query).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(InvalidError);
    expect(refusal).toMatchObject({ field: 'query' });
    expect((refusal as Error).message).toMatch(/longer than the 4000 ms a cube may run: filter it to a shorter date range/);
  });

  it('lets any other database failure through as it is', async () => {
    const other = new QueryFailedError('SELECT', [], Object.assign(new Error('connection lost'), { code: '08006' }));
    const { db } = fakeDb(() => {
      throw other;
    });
    await expect(new OlapRepository(db, { OLAP_STATEMENT_TIMEOUT_MS: 4000 }).run(query)).rejects.toBe(other);
  });
});
