import DataLoader from 'dataloader';

/**
 * DataLoaders live for one request, so entity resolvers batch per query: a list of a hundred
 * customers costs one SQL statement per field, as a list of ten does.
 */
export class RequestLoaders {
  private loaders = new Map<string, DataLoader<string, unknown>>();

  get<V>(name: string, batch: (keys: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    let loader = this.loaders.get(name) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = new DataLoader<string, V>(batch, { maxBatchSize: 1000 });
      this.loaders.set(name, loader);
    }
    return loader;
  }
}

/** Groups rows by key in the order DataLoader asked for, with an empty list for keys without rows. */
export function groupByKeys<R>(keys: readonly string[], rows: R[], keyOf: (row: R) => string): R[][] {
  const byKey = new Map<string, R[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = byKey.get(k);
    if (list) list.push(row);
    else byKey.set(k, [row]);
  }
  return keys.map((k) => byKey.get(k) ?? []);
}

export interface GraphQLRequestContext {
  req: { headers: Record<string, string | string[] | undefined>; id?: string };
  loaders: RequestLoaders;
}
