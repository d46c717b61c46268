export interface Factory<T> {
  build(overrides?: Partial<T>): T;
  buildList(n: number, overrides?: Partial<T>): T[];
}

/** Test data with readable defaults and a per-factory sequence, instead of positional fixtures. */
export function defineFactory<T>(defaults: (seq: number) => T): Factory<T> {
  let seq = 0;
  const build = (overrides: Partial<T> = {}): T => ({ ...defaults(++seq), ...overrides });
  return { build, buildList: (n, overrides) => Array.from({ length: n }, () => build(overrides)) };
}
