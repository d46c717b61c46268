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
 * The SQL that would still be needed to make the database match the entities. After all
 * migrations ran it must be empty; anything else is an entity changed without a migration.
 */
export function pendingSchemaChanges(options: DataSourceOptions): Promise<string[]> {
  return withDataSource(options, async (ds) => {
    const sql = await ds.driver.createSchemaBuilder().log();
    return sql.upQueries.map((q) => q.query);
  });
}
