import { InvalidError } from '@crm/domain';
import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QueryFailedError, type DataSource } from 'typeorm';
import type { AnalyticsConfig } from '../config/analytics.config';
import type { CubeSpec, DateGrain, DimensionSpec, MeasureSpec } from './olap.catalogue';

/** A query checked against the catalogue: only catalogue SQL, and the client's values as parameters. */
export interface ResolvedQuery {
  cube: CubeSpec;
  measures: MeasureSpec[];
  dimensions: { spec: DimensionSpec; grain: DateGrain | null }[];
  filters: { spec: DimensionSpec; grain: DateGrain | null; values: string[] }[];
  rollup: boolean;
  limit: number;
}

export interface OlapSqlRow {
  keys: (string | null)[];
  grouping: number[];
  values: (string | null)[];
}

/**
 * A dimension's value at its grain, in its own type: a date at MONTH is the month's first day.
 * Grouped and sorted in its type (a uuid or a date, not text under a collation), as text only out.
 */
function keyOf(spec: DimensionSpec, grain: DateGrain | null): string {
  if (!spec.date) return `(${spec.sql})`;
  return `(date_trunc('${(grain ?? 'DAY').toLowerCase()}', (${spec.sql})::timestamp)::date)`;
}

/**
 * One statement: GROUP BY the dimensions, or GROUPING SETS of every prefix of them (a subtotal per
 * level and a grand total) when `rollup`; the currency of money measures is in every set, so no
 * total adds two currencies. Rows beyond `limit` are not fetched (one more tells truncation).
 */
export function buildOlapSql(q: ResolvedQuery): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const keys = q.dimensions.map((d) => keyOf(d.spec, d.grain));
  const currency = q.cube.currency && q.measures.some((m) => m.money) ? `(${q.cube.currency})` : null;
  const columns = currency ? [currency, ...keys] : keys;

  const where = q.filters.map((f) => {
    params.push(f.values);
    return `${keyOf(f.spec, f.grain)}::text = ANY($${params.length}::text[])`;
  });

  let groupBy = '';
  if (q.rollup && keys.length) {
    const sets = keys.map((_, i) => `(${keys.slice(0, keys.length - i).join(', ')})`).concat('()');
    groupBy = `GROUP BY ${currency ? `${currency}, ` : ''}GROUPING SETS (${sets.join(', ')})`;
  } else if (columns.length) {
    groupBy = `GROUP BY ${columns.join(', ')}`;
  }
  const grouping = columns.map((c) => `GROUPING(${c})`);
  // Details before their subtotal, subtotals before the total above them.
  const orderBy = columns.flatMap((c) => [`GROUPING(${c})`, `${c} NULLS LAST`]);
  params.push(q.limit + 1);
  const text = [
    `SELECT ARRAY[${columns.map((c) => `${c}::text`).join(', ') || 'NULL::text'}]::text[] AS keys,`,
    `  ARRAY[${grouping.join(', ') || '0'}]::int[] AS grouping,`,
    `  ARRAY[${q.measures.map((m) => `(${m.sql})::text`).join(', ')}]::text[] AS values`,
    `FROM ${q.cube.from}`,
    where.length ? `WHERE ${where.join(' AND ')}` : '',
    groupBy,
    orderBy.length ? `ORDER BY ${orderBy.join(', ')}` : '',
    `LIMIT $${params.length}`,
  ]
    .filter(Boolean)
    .join('\n');
  return { text, params };
}

/** Postgres' SQLSTATE for a statement cancelled, here by statement_timeout. */
const QUERY_CANCELED = '57014';

@Injectable()
export class OlapRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SUBGRAPH_CONFIG) private readonly config: Pick<AnalyticsConfig, 'OLAP_STATEMENT_TIMEOUT_MS'>,
  ) {}

  /**
   * Runs the cube under a statement timeout of its own (SET LOCAL: this transaction only). Without
   * it, a cube the gateway has long given up on (a customer-attribute dimension over five years of
   * 300,000 deals reads the type-2 history once per deal) would keep one of the pool's connections
   * the consumers need, and a caller repeating it could take them all.
   */
  async run(q: ResolvedQuery): Promise<OlapSqlRow[]> {
    const { text, params } = buildOlapSql(q);
    const ms = this.config.OLAP_STATEMENT_TIMEOUT_MS;
    const rows = await this.db
      .transaction(async (m) => {
        await m.query(`SET LOCAL statement_timeout = ${Math.trunc(ms)}`);
        return m.query<{ keys: (string | null)[]; grouping: number[]; values: (string | null)[] }[]>(text, params);
      })
      .catch((e: unknown) => {
        if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === QUERY_CANCELED)
          throw new InvalidError(
            'query',
            `takes longer than the ${ms} ms a cube may run: filter it to a shorter date range, or ask for fewer or coarser dimensions`,
          );
        throw e;
      });
    const width = q.dimensions.length + (q.cube.currency && q.measures.some((m) => m.money) ? 1 : 0);
    // With no dimension the statement still answers one row: its key array holds a placeholder.
    return rows.map((r) => ({ keys: r.keys.slice(0, width), grouping: r.grouping.slice(0, width), values: r.values }));
  }
}
