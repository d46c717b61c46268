import { DataSource, type DataSourceOptions } from 'typeorm';

async function withDataSource<T>(options: DataSourceOptions, work: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = new DataSource(options);
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}

/** Applies pending migrations in one transaction; returns the names applied. */
export function runMigrations(options: DataSourceOptions): Promise<string[]> {
  return withDataSource(options, async (ds) => (await ds.runMigrations({ transaction: 'all' })).map((m) => m.name));
}

/**
 * The migrations of this build that the database has not applied yet, without applying any (the
 * check a new pod runs before it serves: `node dist/main.js migrate --check`).
 */
export function pendingMigrations(options: DataSourceOptions): Promise<string[]> {
  return withDataSource(options, async (ds) => {
    const table = ds.options.migrationsTableName ?? 'migrations';
    const exists = await ds.query<{ present: boolean }[]>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
    const applied = exists[0]?.present ? (await ds.query<{ name: string }[]>(`SELECT name FROM "${table}"`)).map((r) => r.name) : [];
    return ds.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !applied.includes(name));
  });
}

/**
 * The SQL that would still be needed to make the database match the entities. After all
 * migrations ran it must be empty; anything else is an entity changed without a migration.
 */
export function pendingSchemaChanges(options: DataSourceOptions): Promise<string[]> {
  return withDataSource(options, async (ds) => {
    const sql = await ds.driver.createSchemaBuilder().log();
    return sql.upQueries.map((q) => q.query);
  });
}
