import { createValidationPipe } from '@crm/graphql';
import type { ColumnMapping } from '@crm/subgraph';
import { GraphQLError } from 'graphql';

const validation = createValidationPipe();

/**
 * A row's cells as the input the graph's mutation takes (`paths` gives each target's place in it,
 * "address.city" nested), checked by the same rules: the input with only the fields the row gives
 * (a class default such as lifecycleStage would otherwise overwrite on update), or why not, naming
 * the column. The mutation's own field names never reach a reason: the file's columns do.
 */
export async function rowInput<T extends object>(
  metatype: new () => T,
  mapping: ColumnMapping,
  cells: Readonly<Record<string, string>>,
  paths: Readonly<Record<string, string>>,
  numeric: ReadonlySet<string> = new Set(),
  /** Fields the importer resolved itself (a contact's customer from its domain), checked with the rest. */
  resolved: Readonly<Record<string, unknown>> = {},
): Promise<{ input: Partial<T> } | { reason: string }> {
  const plain: Record<string, unknown> = { ...resolved };
  const columnOf = new Map<string, string>();
  for (const [column, target] of Object.entries(mapping)) {
    const path = paths[target];
    const cell = cells[column];
    if (path === undefined) continue;
    columnOf.set(path, column);
    if (cell === undefined) continue;
    // "12" is a tier; "twelve" stays text and fails as not an integer, naming the column.
    const value = numeric.has(target) && /^-?\d{1,15}$/.test(cell) ? Number(cell) : cell;
    const [head, leaf] = path.split('.') as [string, string | undefined];
    if (leaf === undefined) plain[head] = value;
    else plain[head] = { ...(plain[head] as object | undefined), [leaf]: value };
  }
  let checked: T;
  try {
    checked = (await validation.transform(plain, { type: 'body', metatype, data: 'row' })) as T;
  } catch (e) {
    if (!(e instanceof GraphQLError) || e.extensions.code !== 'BAD_USER_INPUT') throw e;
    const field = typeof e.extensions.field === 'string' ? e.extensions.field : '';
    const message = e.message.startsWith(`${field}: `) ? e.message.slice(field.length + 2) : e.message;
    // A nested field's message may name it ("address.city must be..."): the column says it better.
    const column = columnOf.get(field) ?? columnOf.get(field.split('.')[0]!) ?? field;
    return { reason: `${column} ${message.replace(new RegExp(`^${field.replace('.', '\\.')}\\s*`), '')}` };
  }
  const given: Partial<T> = {};
  for (const key of Object.keys(plain) as (keyof T)[]) given[key] = checked[key];
  return { input: given };
}
