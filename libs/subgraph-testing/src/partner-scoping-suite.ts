import { asPartner, type Gql, type GqlResponse } from '@crm/testing';
import type { TestSubgraph } from './subgraph-harness';

/** An id no row has, in every partner-visible table. */
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** One partner's rows: the partner's id and the ids of the records of the suite's type it owns. */
export interface PartnerOwnedRows {
  partnerId: string;
  ids: string[];
}

export interface PartnerScopingOptions {
  /** The subgraph, once the enclosing describe's beforeAll has started it (with a pool of two). */
  subgraph: () => TestSubgraph;
  /** The partner-visible GraphQL type (`Opportunity`), resolvable through `_entities` by `id`. */
  typename: string;
  /** The Query field that reads one record by `id: ID!` (`opportunity`). */
  byId: string;
  /** The Query connection that lists them (`opportunities`). */
  list: string;
  /** Every table row-level security guards behind the type, with its partner column. */
  tables: { table: string; column: string }[];
  /**
   * The seeded rows, once the enclosing describe's beforeAll has made them: at least one each of
   * partners A and B, and optionally `internal` ones that belong to no partner.
   */
  rows: () => { a: PartnerOwnedRows; b: PartnerOwnedRows; internal?: string[] };
}

/**
 * Partner scoping on every path, written once for every partner-visible type: with A's token, B's
 * records (and internal ones) answer exactly as a record that does not exist, by id, in the list
 * and through `_entities`, also under many interleaved requests on a small pool and whatever
 * headers the client adds; and the database holds the line on its own: A's transaction sees and
 * changes only A's rows, and one with no partner set sees nothing.
 */
export function itScopesToPartner(o: PartnerScopingOptions): void {
  const one = `query($id: ID!) { ${o.byId}(id: $id) { id } }`;
  const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${o.typename} { id } } }`;
  const list = `query { ${o.list}(first: 100) { edges { node { id } } } }`;
  type List = GqlResponse<Record<string, { edges: { node: { id: string } }[] }>>;
  const as = (who: 'a' | 'b'): Gql => o.subgraph().gqlAs(asPartner(o.rows()[who].partnerId));
  const listed = (res: List): string[] | undefined => res.data?.[o.list]?.edges.map((e) => e.node.id).sort();
  const sorted = (ids: string[]) => [...ids].sort();
  const others = () => [...o.rows().b.ids, ...(o.rows().internal ?? [])];

  describe(`${o.typename}: partner scoping`, () => {
    it(`answers another partner's ${o.typename} to a partner exactly as a nonexistent id, by ${o.byId}(id)`, async () => {
      const missing = await as('a')(one, { id: MISSING_ID });
      expect(missing).toEqual({ data: { [o.byId]: null } });
      for (const id of others()) expect(await as('a')(one, { id })).toEqual(missing);
      const own = o.rows().a.ids[0]!;
      expect(await as('a')(one, { id: own })).toEqual({ data: { [o.byId]: { id: own } } });
    });

    it(`answers them as nonexistent through _entities too`, async () => {
      const hidden = [...others(), MISSING_ID];
      const own = o.rows().a.ids[0]!;
      const res = await as('a')<{ _entities: ({ id: string } | null)[] }>(entities, {
        r: [...hidden, own].map((id) => ({ __typename: o.typename, id })),
      });
      expect(res).toEqual({ data: { _entities: [...hidden.map(() => null), { id: own }] } });
    });

    it(`lists only the partner's own rows in ${o.list}`, async () => {
      expect(listed(await as('a')(list))).toEqual(sorted(o.rows().a.ids));
      expect(listed(await as('b')(list))).toEqual(sorted(o.rows().b.ids));
    });

    it('leaks nothing across 1,000 interleaved requests of A and B, lists and reads of the other one', async () => {
      const clients = { a: as('a'), b: as('b') };
      const wrong: string[] = [];
      const request = async (i: number) => {
        const who = i % 2 ? 'b' : 'a';
        const other = o.rows()[who === 'a' ? 'b' : 'a'].ids[0];
        if (i % 4 < 2) {
          const res: List = await clients[who](list);
          if (JSON.stringify(listed(res)) !== JSON.stringify(sorted(o.rows()[who].ids))) wrong.push(`${i}: ${JSON.stringify(res)}`);
        } else {
          const res = await clients[who](one, { id: other });
          if (JSON.stringify(res) !== JSON.stringify({ data: { [o.byId]: null } })) wrong.push(`${i}: ${JSON.stringify(res)}`);
        }
      };
      // 20 in flight at a time: far more callers than the subgraph's pooled connections.
      for (let start = 0; start < 1000; start += 20) await Promise.all(Array.from({ length: 20 }, (_, k) => request(start + k)));
      expect(wrong).toEqual([]);
    });

    it('ignores a client-sent x-partner-id and similar headers', async () => {
      const headers = { 'x-partner-id': o.rows().b.partnerId, 'x-user-id': MISSING_ID, 'x-roles': 'admin' };
      expect(listed(await as('a')(list, {}, headers))).toEqual(sorted(o.rows().a.ids));
      expect((await o.subgraph().gqlAs(null)(list, {}, headers)).errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    });

    describe.each(o.tables)('row-level security on $table', ({ table, column }) => {
      const t = `"${table}"`;
      const c = `"${column}"`;

      it("lets A's transaction see only A's rows, and neither change B's nor hand its own to B", async () => {
        const { a, b } = o.rows();
        const [own] = await o.subgraph().sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${t} WHERE ${c}::text = $1`, [a.partnerId]);
        expect(own!.n).toBeGreaterThan(0);
        await o.subgraph().asApp(a.partnerId, async (db) => {
          const seen = await db.query<{ p: string }>(`SELECT ${c}::text AS p FROM ${t}`);
          expect(seen.rows).toEqual(Array.from({ length: own!.n }, () => ({ p: a.partnerId })));
          expect((await db.query(`UPDATE ${t} SET ${c} = ${c} WHERE ${c}::text = $1`, [b.partnerId])).rowCount).toBe(0);
          expect((await db.query(`DELETE FROM ${t} WHERE ${c}::text = $1`, [b.partnerId])).rowCount).toBe(0);
          await expect(db.query(`UPDATE ${t} SET ${c} = $1 WHERE ${c}::text = $2`, [b.partnerId, a.partnerId])).rejects.toThrow(
            /row-level security/,
          );
        });
      });

      it('returns no rows to the application role when no partner is set on the transaction (fails closed)', async () => {
        expect(await o.subgraph().count(t)).toBeGreaterThan(0);
        for (const setting of [null, '', 'not-a-partner']) {
          await o.subgraph().asApp(setting, async (db) => {
            expect((await db.query<{ user: string }>('SELECT current_user AS user')).rows[0]!.user).not.toBe('postgres');
            expect((await db.query(`SELECT * FROM ${t}`)).rowCount).toBe(0);
          });
        }
        // The policy holds for the table's owner too (FORCE), and that owner skips no policy.
        const [row] = await o.subgraph().sql(
          `SELECT r.rolsuper, r.rolbypassrls, c.relrowsecurity, c.relforcerowsecurity
           FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.relname = $1 AND c.relkind = 'r'`,
          [table],
        );
        expect(row).toEqual({ rolsuper: false, rolbypassrls: false, relrowsecurity: true, relforcerowsecurity: true });
      });
    });
  });
}
