import type { Gql, GqlResponse } from './graphql-client';

type Page = { edges: { cursor: string; node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

export interface PagingSuiteOptions {
  /** The client to page with, once the suite's beforeAll has run. */
  gql: () => Gql;
  /** The connection's field (`leads`). */
  field: string;
  /**
   * Where the field is: on Query unless given a type and the id of one record, which the suite
   * reaches through `_entities` (Customer.timeline on the subgraph that extends Customer).
   */
  on?: { typename: string; id: () => string };
  /** The GraphQL type of its `sort` argument; omitted for a connection with one fixed order. */
  sortType?: string;
  /** The GraphQL type of its `filter` argument; omitted for a connection without one. */
  filterType?: string;
  /** A scalar field of the node that tells the seeded rows apart (`email`). */
  label: string;
  /** Creates the rows the suite pages through, once before its tests (or the enclosing describe does). */
  seed?: () => Promise<void>;
  /** A filter that keeps exactly the seeded rows (with `filterType`); a function when it names seeded ids. */
  filter?: Record<string, unknown> | (() => Record<string, unknown>);
  /**
   * Every sort order to walk, with the labels of the seeded rows in that order. Without `sortType`
   * the one entry's name only names the order in the test's title.
   */
  orders: Record<string, string[]>;
}

/**
 * The keyset-paging behaviour every connection keeps, written once: pages of two walk each sort
 * order in full, hasNextPage is false only on the last page, and a cursor from another order or one
 * the list never produced is BAD_USER_INPUT on `after`.
 */
export function itPagesWithCursors(o: PagingSuiteOptions): void {
  const params = [
    '$after: String',
    o.sortType && `$sort: ${o.sortType}!`,
    o.filterType && `$filter: ${o.filterType}`,
    o.on && '$r: [_Any!]!',
  ];
  const args = ['first: 2', 'after: $after', o.sortType && 'sort: $sort', o.filterType && 'filter: $filter'];
  const selection = `${o.field}(${args.filter(Boolean).join(', ')}) { edges { cursor node { ${o.label} } } pageInfo { hasNextPage endCursor } }`;
  const query = `query(${params.filter(Boolean).join(', ')}) { ${
    o.on ? `_entities(representations: $r) { ... on ${o.on.typename} { ${selection} } }` : selection
  } }`;
  const page = async (sort: string, after: string | null): Promise<GqlResponse<Page>> => {
    const res = await o.gql()<Record<string, unknown>>(query, {
      after,
      ...(o.sortType ? { sort } : {}),
      ...(o.filterType ? { filter: typeof o.filter === 'function' ? o.filter() : o.filter } : {}),
      ...(o.on ? { r: [{ __typename: o.on.typename, id: o.on.id() }] } : {}),
    });
    const parent = (o.on ? (res.data?._entities as Record<string, unknown>[] | undefined)?.[0] : res.data) as
      Record<string, Page> | undefined;
    return { ...res, data: parent?.[o.field] };
  };
  const [firstOrder, secondOrder] = Object.keys(o.orders);

  describe(`paging through ${o.on ? `${o.on.typename}.` : ''}${o.field}`, () => {
    if (o.seed) beforeAll(o.seed);

    it.each(Object.entries(o.orders))('walks %s in pages of two, to the last page', async (sort, expected) => {
      const seen: unknown[] = [];
      let after: string | null = null;
      for (let i = 0; i * 2 < expected.length; i++) {
        const res: GqlResponse<Page> = await page(sort, after);
        expect(res.errors).toBeUndefined();
        const p = res.data!;
        seen.push(...p.edges.map((e) => e.node[o.label]));
        expect(p.pageInfo.hasNextPage).toBe((i + 1) * 2 < expected.length);
        after = p.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
    });

    if (secondOrder && o.sortType) {
      it('refuses a cursor of one sort order used with another as BAD_USER_INPUT on after', async () => {
        const first = (await page(firstOrder!, null)).data!.pageInfo.endCursor;
        const mixed = await page(secondOrder, first);
        expect(mixed.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      });
    }

    it('refuses a cursor the list never produced as BAD_USER_INPUT on after', async () => {
      const forged = await page(firstOrder!, Buffer.from('["x",1]').toString('base64url'));
      expect(forged.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    });
  });
}
