import { pendingSchemaChanges, serviceDataSourceOptions } from '@crm/database';
import { createTestDatabase, type TestDatabase } from '@crm/testing';
import { DataSource } from 'typeorm';
import { createEventTables, dropEventTables, EVENT_ENTITIES } from '../src';

describe('createEventTables (the migration helper every service calls)', () => {
  let db: TestDatabase;
  const options = (url: string) =>
    serviceDataSourceOptions({ url, applicationName: 'event-tables-spec', entities: EVENT_ENTITIES, migrations: [] });
  const withQueryRunner = async (work: (q: ReturnType<DataSource['createQueryRunner']>) => Promise<void>) => {
    const ds = new DataSource(options(db.url));
    await ds.initialize();
    const q = ds.createQueryRunner();
    try {
      await work(q);
    } finally {
      await q.release();
      await ds.destroy();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase({ template: 'event_tables_empty', migrate: async () => {} });
  });
  afterAll(() => db?.drop());

  it('builds exactly what the inbox and outbox entities describe, with the NOTIFY trigger, and drops it all again', async () => {
    await withQueryRunner(createEventTables);
    expect(await pendingSchemaChanges(options(db.url))).toEqual([]);
    await withQueryRunner(async (q) => {
      const [trigger] = await q.query('SELECT count(*)::int AS n FROM pg_trigger WHERE tgname = $1', ['outbox_notify']);
      expect(trigger).toEqual({ n: 1 });
    });

    await withQueryRunner(dropEventTables);
    await withQueryRunner(async (q) => {
      expect(await q.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).toEqual([]);
      expect(await q.query("SELECT proname FROM pg_proc WHERE proname = 'outbox_notify'")).toEqual([]);
    });
  });
});
