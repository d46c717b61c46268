import { asPartner, type GqlResponse } from '@crm/testing';
import { startTestSubgraph, type TestSubgraph } from '@crm/subgraph-testing';
import { partnersSubgraph } from '../src/partners.subgraph';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const NOBODY = uuid(999_999_999);

interface PartnerView {
  id: string;
  name: string;
  customerLinks: { customerId: string }[];
}

/** Partner scoping on every path, with a pool of two connections shared by every caller. */
describe('partners subgraph: partner scoping', () => {
  let sub: TestSubgraph;
  let a: Pick<PartnerView, 'id' | 'name'>;
  let b: Pick<PartnerView, 'id' | 'name'>;
  const customersOf = { a: [uuid(1), uuid(2), uuid(3)], b: [uuid(2), uuid(4)] };

  const asA = () => sub.gqlAs(asPartner(a.id));
  const asB = () => sub.gqlAs(asPartner(b.id));
  const PARTNER = 'query($id: ID!) { partner(id: $id) { id name customerLinks { customerId } } }';
  const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Partner { id name customerLinks { customerId } } } }';
  const LIST = 'query { partners(first: 100) { edges { node { id customerLinks { customerId } } } } }';

  const asApp: TestSubgraph['asApp'] = (setting, work) => sub.asApp(setting, work);

  beforeAll(async () => {
    sub = await startTestSubgraph(partnersSubgraph, { poolSize: 2 });
    a = await sub.ctx.newPartner({ name: 'Scoped A' });
    b = await sub.ctx.newPartner({ name: 'Scoped B' });
    for (const [p, ids] of [
      [a, customersOf.a],
      [b, customersOf.b],
    ] as const) {
      for (const customerId of ids) {
        await sub.gql('mutation($i: LinkPartnerInput!) { linkPartnerToCustomer(input: $i) { id } }', {
          i: { partnerId: p.id, customerId: sub.customers.add(customerId) },
        });
      }
    }
  });

  afterAll(() => sub?.close());

  it("answers partner B's record to partner A exactly as a nonexistent id, by root field and through _entities", async () => {
    const other = await asA()(PARTNER, { id: b.id });
    const missing = await asA()(PARTNER, { id: NOBODY });
    expect(other).toEqual({ data: { partner: null } });
    expect(other).toEqual(missing);

    const entities = await asA()<{ _entities: (PartnerView | null)[] }>(ENTITIES, {
      r: [b.id, NOBODY, a.id].map((id) => ({ __typename: 'Partner', id })),
    });
    expect(entities.errors).toBeUndefined();
    expect(entities.data!._entities[0]).toEqual(entities.data!._entities[1]);
    expect(entities.data!._entities[0]).toBeNull();
    expect(entities.data!._entities[2]!.customerLinks.map((l) => l.customerId).sort()).toEqual(customersOf.a);
  });

  it("lists and counts only the partner's own rows, on Customer too", async () => {
    const list = await asA()<{ partners: { edges: { node: PartnerView }[] } }>(LIST);
    expect(list.data!.partners.edges.map((e) => e.node.id)).toEqual([a.id]);
    expect(list.data!.partners.edges[0]!.node.customerLinks).toHaveLength(customersOf.a.length);

    // Customer 2 works with both partners: each partner sees only itself there.
    const shared = await asB()<{ _entities: { partners: { id: string }[] }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { partners { id } } } }',
      { r: [{ __typename: 'Customer', id: uuid(2) }] },
    );
    expect(shared.data!._entities[0]!.partners).toEqual([{ id: b.id }]);
    const internal = await sub.gql<{ _entities: { partners: { id: string }[] }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { partners { id } } } }',
      { r: [{ __typename: 'Customer', id: uuid(2) }] },
    );
    expect(internal.data!._entities[0]!.partners.map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('lets a partner write nothing: mutations are FORBIDDEN and write nothing', async () => {
    const before = (await sub.count('partner')) + (await sub.count('partner_customer_link')) + (await sub.count('outbox'));
    const link = await asA()('mutation($i: LinkPartnerInput!) { linkPartnerToCustomer(input: $i) { id } }', {
      i: { partnerId: b.id, customerId: uuid(77) },
    });
    const create = await asA()('mutation { createPartner(input: { name: "Sneaky" }) { id } }');
    for (const res of [link, create]) expect(res.errors![0]!.extensions).toEqual({ code: 'FORBIDDEN' });
    expect((await sub.count('partner')) + (await sub.count('partner_customer_link')) + (await sub.count('outbox'))).toBe(before);
  });

  it("stops partner A's transaction at the database from writing B's rows or moving its own to B", async () => {
    await asApp(a.id, async (c) => {
      expect((await c.query('UPDATE partner_customer_link SET linked_at = now() WHERE partner_id = $1', [b.id])).rowCount).toBe(0);
      expect((await c.query('DELETE FROM partner_customer_link WHERE partner_id = $1', [b.id])).rowCount).toBe(0);
      await expect(c.query('UPDATE partner_customer_link SET partner_id = $1 WHERE partner_id = $2', [b.id, a.id])).rejects.toThrow(
        /row-level security/,
      );
    });
    await asApp(a.id, async (c) => {
      await expect(
        c.query('INSERT INTO partner_customer_link (partner_id, customer_id, linked_at) VALUES ($1, $2, now())', [b.id, uuid(88)]),
      ).rejects.toThrow(/row-level security/);
    });
    expect(await sub.sql('SELECT 1 FROM partner_customer_link WHERE partner_id = $1', [b.id])).toHaveLength(customersOf.b.length);
  });

  it('returns no rows to the application role when no partner is set on the transaction (fails closed)', async () => {
    expect(await sub.count('partner_customer_link')).toBeGreaterThan(0);
    const [role] = await sub.sql<{ rolsuper: boolean; rolbypassrls: boolean }>(
      'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
    );
    for (const setting of [null, '', 'not-a-partner']) {
      await asApp(setting, async (c) => {
        const { rows } = await c.query<{ user: string }>('SELECT current_user AS user');
        expect(rows[0]!.user).not.toBe('postgres');
        expect((await c.query('SELECT * FROM partner_customer_link')).rowCount).toBe(0);
        expect((await c.query('SELECT * FROM partner')).rowCount).toBe(0);
      });
    }
    const [appRole] = await sub.sql<{ rolsuper: boolean; rolbypassrls: boolean }>(
      "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = (SELECT tableowner FROM pg_tables WHERE tablename = 'partner_customer_link')",
    );
    expect(appRole).toEqual({ rolsuper: false, rolbypassrls: false });
    expect(role).toEqual({ rolsuper: true, rolbypassrls: true }); // the inspecting superuser, for contrast
  });

  it('leaks nothing across 1,000 interleaved requests of A and B on a pool of 2 connections', async () => {
    const seen = { a: new Set<string>(), b: new Set<string>() };
    const clients = { a: asA(), b: asB() };
    const ids = { a: a.id, b: b.id };
    const wrong: string[] = [];
    const one = async (i: number) => {
      const who = i % 2 ? 'b' : 'a';
      const res: GqlResponse<{ partners: { edges: { node: PartnerView }[] } }> = await clients[who](LIST);
      const nodes = res.data?.partners.edges.map((e) => e.node) ?? [];
      if (res.errors || nodes.length !== 1 || nodes[0]!.id !== ids[who]) wrong.push(`${i}: ${JSON.stringify(res)}`);
      for (const n of nodes) for (const l of n.customerLinks) seen[who].add(l.customerId);
    };
    // 20 in flight at a time: far more callers than the 2 pooled connections.
    for (let start = 0; start < 1000; start += 20) await Promise.all(Array.from({ length: 20 }, (_, k) => one(start + k)));
    expect(wrong).toEqual([]);
    expect([...seen.a].sort()).toEqual(customersOf.a);
    expect([...seen.b].sort()).toEqual(customersOf.b);
  });

  it('ignores a client-sent x-partner-id and similar headers', async () => {
    const headers = { 'x-partner-id': b.id, 'x-user-id': uuid(5), 'x-roles': 'admin' };
    const res = await asA()<{ partners: { edges: { node: PartnerView }[] } }>(LIST, {}, headers);
    expect(res.data!.partners.edges.map((e) => e.node.id)).toEqual([a.id]);
    const anonymous = await sub.gqlAs(null)(LIST, {}, headers);
    expect(anonymous.errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it('answers UNAUTHENTICATED without a valid token and FORBIDDEN to a role the domain does not admit', async () => {
    expect((await sub.gqlAs(null)(PARTNER, { id: a.id })).errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect((await sub.gql(PARTNER, { id: a.id }, { authorization: 'Bearer not.a.token' })).errors![0]!.extensions).toEqual({
      code: 'UNAUTHENTICATED',
    });
    expect((await sub.gqlAs({ roles: ['admin'], expiresInSeconds: -5 })(PARTNER, { id: a.id })).errors![0]!.extensions).toEqual({
      code: 'UNAUTHENTICATED',
    });
    expect((await sub.gqlAs({ roles: ['analyst'] })(PARTNER, { id: a.id })).errors![0]!.extensions).toEqual({ code: 'FORBIDDEN' });
    expect((await sub.gqlAs({ roles: ['marketing'] })(PARTNER, { id: a.id })).data).toEqual({
      partner: { id: a.id, name: a.name, customerLinks: expect.any(Array) },
    });
  });
});
