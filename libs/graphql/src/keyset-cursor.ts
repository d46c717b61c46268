import { InvalidError } from '@crm/domain';
import { pageSize, toConnection, type ConnectionShape } from './connection';

/**
 * The type of one sort column a cursor carries. `?` marks a column that may be NULL (sorted last).
 * - `uuid`: a row id, compared as Postgres compares uuids
 * - `timestamp`: an instant, written as `Date.toISOString()` does
 * - `date`: a calendar date, YYYY-MM-DD
 * - `integer`: a safe integer (a rank, a count)
 * - `decimal`: an exact decimal written as a string (money), never a float
 * - `string`: text Postgres can hold (no NUL byte, no lone surrogate)
 */
export type CursorColumnType = 'uuid' | 'timestamp' | 'date' | 'integer' | 'decimal' | 'string';
export type CursorColumn = CursorColumnType | `${CursorColumnType}?`;

type BaseValue<T extends CursorColumnType> = T extends 'timestamp' ? Date : T extends 'integer' ? number : string;
type ColumnValue<C extends CursorColumn> = C extends `${infer T extends CursorColumnType}?`
  ? BaseValue<T> | null
  : BaseValue<C & CursorColumnType>;

/** The columns of one sort order, in the order the keyset compares them. */
export type SortColumns = Readonly<Record<string, CursorColumn>>;

/** Where the previous page ended: the sort values of its last row, typed by the sort's columns. */
export type Keyset<C extends SortColumns> = { -readonly [K in keyof C]: ColumnValue<C[K]> };

/** A decoded cursor of one of the connection's sorts, tagged with that sort so a repository can switch on it. */
export type KeysetOf<S extends Record<string, SortColumns>, K extends keyof S> = K extends keyof S ? { sort: K } & Keyset<S[K]> : never;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
// numeric(precision 38) at most: enough for any amount this platform stores, short enough to refuse junk.
const DECIMAL = /^-?\d{1,38}(\.\d{1,38})?$/;
/** A cursor is a handful of sort values; anything longer was not produced here. */
const MAX_CURSOR_LENGTH = 2048;

const refused = (argument: string) => new InvalidError(argument, 'is not a cursor this list produced');

/** Postgres text cannot hold NUL, and a lone surrogate does not survive UTF-8: neither is a value a row had. */
function isStorableText(s: string): boolean {
  return !s.includes('\u0000') && Buffer.from(s, 'utf8').toString('utf8') === s;
}

function decodeValue(type: CursorColumn, value: unknown): unknown {
  const nullable = type.endsWith('?');
  if (value === null) return nullable ? null : undefined;
  switch (nullable ? type.slice(0, -1) : type) {
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : undefined;
    case 'timestamp': {
      if (typeof value !== 'string' || !INSTANT.test(value)) return undefined;
      const at = new Date(value);
      // Round-tripping refuses 2024-13-45T... as well as what Date cannot represent.
      return !Number.isNaN(at.getTime()) && at.toISOString() === value ? at : undefined;
    }
    case 'date':
      return typeof value === 'string' &&
        DAY.test(value) &&
        !Number.isNaN(Date.parse(value)) &&
        new Date(value).toISOString().startsWith(value)
        ? value
        : undefined;
    case 'integer':
      return Number.isSafeInteger(value) ? value : undefined;
    case 'decimal':
      return typeof value === 'string' && DECIMAL.test(value) ? value : undefined;
    default:
      return typeof value === 'string' && isStorableText(value) ? value : undefined;
  }
}

/** The paging arguments of a connection (ConnectionArgs and its sort). */
export interface PageArgs<K extends string> {
  first?: number;
  after?: string;
  sort: K;
}

/** A repository's page query: the sort, the decoded `after` (null on the first page) and how many rows to return at most. */
export type PageFetch<S extends Record<string, SortColumns>, K extends keyof S, R> = (q: {
  sort: K;
  after: KeysetOf<S, K> | null;
  limit: number;
}) => Promise<R[]>;

/**
 * Keyset cursors for one connection, typed by each sort's columns. A cursor carries the
 * connection's name, the sort and the last row's sort values; decoding checks all of them, so a
 * tampered cursor, one of another sort or one of another connection is BAD_USER_INPUT on the
 * argument (`after`), and what reaches SQL has the column's type.
 *
 * ```ts
 * const cursors = new KeysetCursors('leads', {
 *   EMAIL_ASC: { email: 'string' },
 *   CREATED_AT_DESC: { createdAt: 'timestamp', id: 'uuid' },
 * });
 * ```
 */
export class KeysetCursors<S extends Record<string, SortColumns>> {
  constructor(
    readonly connection: string,
    readonly sorts: S,
  ) {}

  encode<K extends keyof S & string>(sort: K, keyset: Keyset<S[K]>): string {
    const values = Object.keys(this.sorts[sort]!).map((column) => {
      const v = (keyset as Record<string, unknown>)[column];
      return v instanceof Date ? v.toISOString() : v;
    });
    return Buffer.from(JSON.stringify([this.connection, sort, ...values])).toString('base64url');
  }

  /**
   * One page of the connection under `args.sort`, the way every list service pages: `fetch` gets the
   * decoded `after` and a limit of one row more than the page (that row only says a next page
   * exists); each row's cursor is its keyset under the sort, or `cursorOf(row)` where the sort key
   * is computed rather than a column of the row.
   */
  page<K extends keyof S & string, R extends Keyset<S[K]>>(args: PageArgs<K>, fetch: PageFetch<S, K, R>): Promise<ConnectionShape<R>>;
  page<K extends keyof S & string, R>(
    args: PageArgs<K>,
    fetch: PageFetch<S, K, R>,
    cursorOf: (row: R) => string,
  ): Promise<ConnectionShape<R>>;
  async page<K extends keyof S & string, R>(
    args: PageArgs<K>,
    fetch: PageFetch<S, K, R>,
    cursorOf: (row: R) => string = (row) => this.encode(args.sort, row as Keyset<S[K]>),
  ): Promise<ConnectionShape<R>> {
    const size = pageSize(args.first);
    const rows = await fetch({ sort: args.sort, after: args.after ? this.decode(args.sort, args.after) : null, limit: size + 1 });
    return toConnection(rows, size, cursorOf, (row) => row);
  }

  /** The keyset `cursor` stands for under `sort`; throws InvalidError on `argument` for anything this connection did not produce. */
  decode<K extends keyof S & string>(sort: K, cursor: string, argument = 'after'): KeysetOf<S, K> {
    const columns = this.sorts[sort];
    if (!columns || cursor.length > MAX_CURSOR_LENGTH) throw refused(argument);
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      throw refused(argument);
    }
    const names = Object.keys(columns);
    if (!Array.isArray(parsed) || parsed.length !== names.length + 2 || parsed[0] !== this.connection || parsed[1] !== sort) {
      throw refused(argument);
    }
    const keyset: Record<string, unknown> = { sort };
    names.forEach((name, i) => {
      const value = decodeValue(columns[name]!, parsed[i + 2]);
      if (value === undefined) throw refused(argument);
      keyset[name] = value;
    });
    return keyset as KeysetOf<S, K>;
  }
}
