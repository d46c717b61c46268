import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * One raw SQL row as an entity: each column read under the name the entity maps it to, and
 * converted as TypeORM converts its own reads (dates, transformers). Repositories whose SQL the
 * query builder cannot say (window functions, upserts that answer the row, CTEs) use it instead of
 * a row interface and a mapper written out per entity, which drift from the entity when a column
 * is added. A row lacking one of the entity's columns is a mistake in the query, so it throws
 * naming the column rather than leaving a field undefined. Relations stay unloaded, as `find`
 * leaves them without `relations`; a join column with no property of its own is refused, since
 * its value would need the related row.
 */
export function hydrate<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  row: Readonly<Record<string, unknown>>,
): T {
  const metadata = manager.connection.getMetadata(target);
  const joinOnly = metadata.columns.filter((c) => c.isVirtual);
  if (joinOnly.length > 0) {
    throw new Error(
      `hydrate: ${metadata.name} has join columns with no property of their own (${joinOnly.map((c) => c.databaseName).join(', ')})`,
    );
  }
  const driver = manager.connection.driver;
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (!(column.databaseName in row)) {
      throw new Error(`hydrate: the row for ${metadata.name} has no column "${column.databaseName}"`);
    }
    column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return entity;
}
