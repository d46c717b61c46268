import { InvalidError } from '@crm/domain';
import { MAX_PAGE_SIZE } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { CUBES, type CubeSpec, type MeasureSpec } from './olap.catalogue';
import type { OlapArgs, OlapDimensionInput } from './olap.input';
import { OlapRepository, type ResolvedQuery } from './olap.repository';

export interface OlapAnswer {
  dimensions: string[];
  measures: string[];
  rows: { keys: (string | null)[]; subtotal: boolean[]; values: (string | null)[] }[];
  truncated: boolean;
}

const names = (list: { name: string }[]): string => list.map((x) => x.name).join(', ');

/**
 * The query answered from the cube's pre-aggregated table when that holds every measure, dimension
 * and filter it names (the same figures, from far fewer rows); as it is otherwise.
 */
function preAggregated(q: ResolvedQuery): ResolvedQuery {
  const agg = q.cube.preAggregated;
  if (!agg) return q;
  const byName = <T extends { name: string }>(list: T[], name: string) => list.find((x) => x.name === name);
  const measures = q.measures.map((m) => byName(agg.measures, m.name));
  const dims = [...q.dimensions, ...q.filters].map((d) => byName(agg.dimensions, d.spec.name));
  if (measures.some((m) => !m) || dims.some((d) => !d)) return q;
  return {
    ...q,
    cube: { ...q.cube, ...agg },
    measures: measures as MeasureSpec[],
    dimensions: q.dimensions.map((d, i) => ({ ...d, spec: dims[i]! })),
    filters: q.filters.map((f, i) => ({ ...f, spec: dims[q.dimensions.length + i]! })),
  };
}

@Injectable()
export class OlapService {
  constructor(private readonly olap: OlapRepository) {}

  catalogue(): CubeSpec[] {
    return CUBES;
  }

  async query(args: OlapArgs): Promise<OlapAnswer> {
    const q = this.resolve(args);
    const rows = await this.olap.run(q);
    const money = q.cube.currency !== undefined && q.measures.some((m) => m.money);
    return {
      dimensions: [...(money ? ['currency'] : []), ...q.dimensions.map((d) => (d.spec.date ? `${d.spec.name}:${d.grain}` : d.spec.name))],
      measures: q.measures.map((m) => m.name),
      rows: rows.slice(0, q.limit).map((r) => ({ keys: r.keys, subtotal: r.grouping.map((g) => g === 1), values: r.values })),
      truncated: rows.length > q.limit,
    };
  }

  /** Every name checked against the catalogue; an unknown one is BAD_USER_INPUT naming it and what exists. */
  private resolve(args: OlapArgs): ResolvedQuery {
    const input = args.query;
    const cube = CUBES.find((c) => c.name === input.cube);
    if (!cube) throw new InvalidError('query.cube', `unknown cube "${input.cube}"; the cubes are ${names(CUBES)}`);
    const measures = input.measures.map((name) => {
      const m = cube.measures.find((x) => x.name === name);
      if (!m)
        throw new InvalidError(
          'query.measures',
          `unknown measure "${name}" of cube ${cube.name}; its measures are ${names(cube.measures)}`,
        );
      return m;
    });
    if (new Set(input.measures).size !== input.measures.length) throw new InvalidError('query.measures', 'names a measure twice');
    const dimension = (field: string) => (d: OlapDimensionInput) => {
      const spec = cube.dimensions.find((x) => x.name === d.name);
      if (!spec)
        throw new InvalidError(field, `unknown dimension "${d.name}" of cube ${cube.name}; its dimensions are ${names(cube.dimensions)}`);
      if (d.grain && !spec.date) throw new InvalidError(field, `dimension "${d.name}" is not a date and takes no grain`);
      return { spec: spec, grain: spec.date ? (d.grain ?? 'DAY') : null };
    };
    const dimensions = (input.dimensions ?? []).map(dimension('query.dimensions'));
    const keys = dimensions.map((d) => `${d.spec.name}:${d.grain}`);
    if (new Set(keys).size !== keys.length) throw new InvalidError('query.dimensions', 'names a dimension twice at the same grain');
    const filters = (input.filters ?? []).map((f) => ({ ...dimension('query.filters')(f), values: f.in }));
    return preAggregated({ cube, measures, dimensions, filters, rollup: input.rollup ?? false, limit: args.first ?? MAX_PAGE_SIZE });
  }
}
