import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from './test-database';

async function query<T extends object>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const adminUrl = () => process.env.CRM_TEST_PG_ADMIN_URL!;
const exists = async (database: string) =>
  (await query(adminUrl(), 'SELECT 1 FROM pg_database WHERE datname = $1', [database])).length === 1;
// Unique per execution, so the once-per-run assertions hold in watch mode too.
const templateName = (label: string) => `spec_${label}_${randomBytes(3).toString('hex')}`;

describe('createTestDatabase', () => {
  const created: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(created.map((db) => db.drop()));
  });

  it('clones independent databases from a template migrated once, even when created concurrently', async () => {
    let migrations = 0;
    const opts = {
      template: templateName('clone'),
      migrate: async (url: string) => {
        migrations++;
        await query(url, 'CREATE TABLE account (id int PRIMARY KEY, name text NOT NULL)');
        await query(url, "INSERT INTO account VALUES (1, 'from migration')");
      },
    };
    const [a, b, c] = await Promise.all([createTestDatabase(opts), createTestDatabase(opts), createTestDatabase(opts)]);
    created.push(a, b, c);
    const d = await createTestDatabase(opts);
    created.push(d);
    expect(migrations).toBe(1);
    expect(new Set(created.map((db) => db.database)).size).toBe(4);

    await query(a.url, "INSERT INTO account VALUES (2, 'only in a')");
    expect(await query(a.url, 'SELECT id, name FROM account ORDER BY id')).toEqual([
      { id: 1, name: 'from migration' },
      { id: 2, name: 'only in a' },
    ]);
    for (const other of [b, c, d]) {
      expect(await query(other.url, 'SELECT id, name FROM account ORDER BY id')).toEqual([{ id: 1, name: 'from migration' }]);
    }
  });

  it('names clones after the template and this worker', async () => {
    const template = templateName('names');
    const db = await createTestDatabase({ template, migrate: async () => undefined });
    created.push(db);
    expect(db.database).toMatch(new RegExp(`^t_${template}_${process.pid}_\\d+_[0-9a-f]{6}$`));
    expect(new URL(db.url).pathname).toBe(`/${db.database}`);
    expect(await exists(`tpl_${template}`)).toBe(true);
  });

  it('drop() removes the database, even with a connection left open', async () => {
    const db = await createTestDatabase({ template: templateName('drop'), migrate: async () => undefined });
    const leaked = new Client({ connectionString: db.url });
    leaked.on('error', () => undefined); // terminated by DROP ... WITH (FORCE)
    await leaked.connect();
    expect(await exists(db.database)).toBe(true);
    await db.drop();
    expect(await exists(db.database)).toBe(false);
    await db.drop();
    await leaked.end().catch(() => undefined);
  });

  it('migrates again on the next call after a failed migration', async () => {
    const template = templateName('retry');
    let calls = 0;
    const migrate = async (url: string) => {
      calls++;
      if (calls === 1) throw new Error('migration 2 failed');
      await query(url, 'CREATE TABLE ok (id int)');
    };
    await expect(createTestDatabase({ template, migrate })).rejects.toThrow('migration 2 failed');
    expect(await exists(`tpl_${template}`)).toBe(false);
    const db = await createTestDatabase({ template, migrate });
    created.push(db);
    expect(calls).toBe(2);
    expect(await query(db.url, 'SELECT count(*)::int AS n FROM ok')).toEqual([{ n: 0 }]);
  });

  it('refuses template names that are not plain identifiers', async () => {
    const migrate = jest.fn(async () => undefined);
    for (const template of ['Sales', 'a-b', 'x"; DROP DATABASE postgres; --', '']) {
      await expect(createTestDatabase({ template, migrate })).rejects.toThrow(/template name/);
    }
    expect(migrate).not.toHaveBeenCalled();
  });
});
