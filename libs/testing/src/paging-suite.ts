import type { Gql, GqlResponse } from './graphql-client';

type Page = { edges: { cursor: string; node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

export interface PagingSuiteOptions {
  /** The client to page with, once the suite's beforeAll has run. */
  gql: () => Gql;
  /** The connection's root field (`leads`) and the GraphQL types of its arguments. */
  field: string;
  sortType: string;
  filterType: string;
  /** A scalar field of the node that tells the seeded rows apart (`email`). */
  label: string;
  /** Creates the rows the suite pages through, once before its tests (or the enclosing describe does). */
  seed?: () => Promise<void>;
  /** A filter that keeps exactly the seeded rows. */
  filter: Record<string, unknown>;
  /** Every sort order to walk, with the labels of the seeded rows in that order. */
  orders: Record<string, string[]>;
}

/**
 * The keyset-paging behaviour every connection keeps, written once: pages of two walk each sort
 * order in full, hasNextPage is false only on the last page, and a cursor from another order or one
 * the list never produced is BAD_USER_INPUT on `after`.
 */
export function itPagesWithCursors(o: PagingSuiteOptions): void {
  const page = (sort: string, after: string | null): Promise<GqlResponse<Record<string, Page>>> =>
    o.gql()<Record<string, Page>>(
      `query($after: String, $sort: ${o.sortType}!, $filter: ${o.filterType}) { ${o.field}(first: 2, after: $after, sort: $sort, filter: $filter) { edges { cursor node { ${o.label} } } pageInfo { hasNextPage endCursor } } }`,
      { after, sort, filter: o.filter },
    );
  const [firstOrder, secondOrder] = Object.keys(o.orders);

  describe(`paging through ${o.field}`, () => {
    if (o.seed) beforeAll(o.seed);

    it.each(Object.entries(o.orders))('walks %s in pages of two, to the last page', async (sort, expected) => {
      const seen: unknown[] = [];
      let after: string | null = null;
      for (let i = 0; i * 2 < expected.length; i++) {
        const res: GqlResponse<Record<string, Page>> = await page(sort, after);
        expect(res.errors).toBeUndefined();
        const p = res.data![o.field]!;
        seen.push(...p.edges.map((e) => e.node[o.label]));
        expect(p.pageInfo.hasNextPage).toBe((i + 1) * 2 < expected.length);
        after = p.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
    });

    if (secondOrder) {
      it('refuses a cursor of one sort order used with another as BAD_USER_INPUT on after', async () => {
        const first = (await page(firstOrder!, null)).data![o.field]!.pageInfo.endCursor;
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
