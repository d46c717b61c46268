import { asPartner, type Gql, type GqlResponse } from '@crm/testing';
import { itScopesToPartner, useTestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi, MISSING_ID, opportunityInput } from './deals.test-helper';

const A = '5a1e5000-0000-4000-8000-00000000000a';
const B = '5a1e5000-0000-4000-8000-00000000000b';

interface OpportunityView {
  id: string;
  name: string;
  partnerId: string | null;
}

const FIELDS = 'id name partnerId';
const LIST = `query($f: OpportunityFilter) { opportunities(first: 100, filter: $f) { edges { node { ${FIELDS} } } } }`;
const BY_CUSTOMER = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { opportunities { ${FIELDS} } } } }`;
const CREATE = `mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { ${FIELDS} } }`;
const UPDATE = `mutation($i: UpdateOpportunityInput!) { updateOpportunity(input: $i) { ${FIELDS} } }`;

/** Opportunities registered by partners: scoped on every path, with row-level security behind, on a pool of two connections. */
describe('sales subgraph: opportunities scoped by partner', () => {
  const sales = useTestSubgraph(salesSubgraph, { poolSize: 2 });
  const api = dealsApi(() => sales);
  let customerId: string;
  const mine: { a: string[]; b: string[]; internal: string[] } = { a: [], b: [], internal: [] };

  const asA = () => sales.gqlAs(asPartner(A));
  const asB = () => sales.gqlAs(asPartner(B));

  const { asApp } = sales;

  beforeAll(async () => {
    customerId = await api.createCustomer('Shared customer');
    for (let i = 0; i < 3; i++) mine.a.push((await api.createOpportunity({ customerId, partnerId: A })).id);
    for (let i = 0; i < 2; i++) mine.b.push((await api.createOpportunity({ customerId, partnerId: B })).id);
    mine.internal.push((await api.createOpportunity({ customerId })).id);
  });

  itScopesToPartner({
    subgraph: () => sales,
    typename: 'Opportunity',
    byId: 'opportunity',
    list: 'opportunities',
    tables: [{ table: 'opportunity', column: 'partner_id' }],
    rows: () => ({ a: { partnerId: A, ids: mine.a }, b: { partnerId: B, ids: mine.b }, internal: mine.internal }),
  });

  it("lists and counts only the partner's own opportunities, on Customer too, whatever the filter asks", async () => {
    const ids = (res: GqlResponse<{ opportunities: { edges: { node: OpportunityView }[] } }>) =>
      res.data!.opportunities.edges.map((e) => e.node.id).sort();
    expect(ids(await asA()(LIST, { f: { partnerId: B } }))).toEqual([]);
    expect(ids(await asB()(LIST, { f: { customerId } }))).toEqual([...mine.b].sort());
    const onCustomer = await asA()<{ _entities: { opportunities: OpportunityView[] }[] }>(BY_CUSTOMER, {
      r: [{ __typename: 'Customer', id: customerId }],
    });
    // Customer.opportunities is internal (no partner role): a partner gets FORBIDDEN there, never B's rows.
    expect(onCustomer.errors![0]!.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(JSON.stringify(onCustomer)).not.toContain(mine.b[0]);
    const internal = await sales.gql<{ opportunities: { edges: unknown[] } }>(LIST, { f: { customerId } });
    expect(internal.data!.opportunities.edges).toHaveLength(6);

    // Counts too: over all pages, only the caller's rows.
    const COUNT = 'query($f: OpportunityFilter) { opportunities(first: 1, filter: $f) { totalCount } }';
    const count = async (gql: Gql, f?: object) =>
      (await gql<{ opportunities: { totalCount: number } }>(COUNT, { f })).data!.opportunities.totalCount;
    expect(await count(asA())).toBe(mine.a.length);
    expect(await count(asA(), { partnerId: B })).toBe(0);
    expect(await count(asB(), { customerId })).toBe(mine.b.length);
    expect(await count(sales.gql, { customerId })).toBe(6);
  });

  it('refuses a partner a filter on what it never sees (staff owners, pipelines, stages), in pages and counts, naming the field', async () => {
    const [staff] = await sales.sql<{ owner_id: string; pipeline_id: string; stage_id: string }>(
      'SELECT owner_id, pipeline_id, stage_id FROM opportunity WHERE id = $1',
      [mine.a[0]],
    );
    const user = 'b2000000-0000-4000-8000-0000000000a1';
    const asUserOfA = sales.gqlAs(asPartner(A, user));
    const LIST_COUNT = 'query($f: OpportunityFilter) { opportunities(first: 10, filter: $f) { totalCount edges { node { id } } } }';
    for (const [field, value] of [
      ['ownerIds', [staff!.owner_id]],
      ['ownerIds', [user, staff!.owner_id]],
      ['pipelineId', staff!.pipeline_id],
      ['stageId', staff!.stage_id],
    ] as const) {
      const res = await asUserOfA(LIST_COUNT, { f: { [field]: value } });
      expect(res.data ?? null).toBeNull();
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: `filter.${field}` });
      // Staff filter by all of them.
      const staffRes = await sales.gql(LIST_COUNT, { f: { [field]: value } });
      expect(staffRes.errors).toBeUndefined();
    }
    // Its own user is no secret to it: a partner may ask for the deals it owns.
    const own = await asUserOfA<{ opportunities: { totalCount: number } }>(LIST_COUNT, { f: { ownerIds: [user.toUpperCase()] } });
    expect(own.errors).toBeUndefined();
    expect(own.data!.opportunities.totalCount).toBe(0);
  });

  it('refuses createOpportunity to the partner role (FORBIDDEN, naming it): partners open deals by registering them', async () => {
    const before = await api.footprint(['opportunity']);
    for (const i of [opportunityInput.build({ customerId }), opportunityInput.build({ customerId, id: mine.b[0] })]) {
      const res = await asA()(CREATE, { i });
      expect(res.errors![0]!.extensions).toEqual({ code: 'FORBIDDEN' });
      expect(res.errors![0]!.message).toBe('Your role (partner) may not do this');
      // Reusing B's id reads nothing of B's row either.
      expect(JSON.stringify(res)).not.toContain(B);
    }
    expect(await api.footprint(['opportunity'])).toEqual(before);
  });

  it('refuses on update what a partner never sets: another owner, an account, line-following; naming the field and writing nothing', async () => {
    const [other] = await sales.sql<{ id: string }>('SELECT id FROM customer WHERE id <> $1 LIMIT 1', [customerId]);
    const before = await sales.sql('SELECT * FROM opportunity ORDER BY id');
    for (const [field, value] of [
      ['ownerId', 'b2000000-0000-4000-8000-000000000001'],
      ['customerId', other?.id ?? MISSING_ID],
      ['amountFollowsLines', true],
    ] as const) {
      const res = await asA()(UPDATE, { i: { id: mine.a[0], [field]: value } });
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await sales.sql('SELECT * FROM opportunity ORDER BY id')).toEqual(before);
  });

  it("cannot change B's opportunity (NOT_FOUND, as a nonexistent one) nor move its own to B", async () => {
    const before = await sales.sql('SELECT id, name, partner_id FROM opportunity ORDER BY id');
    const changeB = await asA()(UPDATE, { i: { id: mine.b[0], name: 'Mine now' } });
    const changeMissing = await asA()(UPDATE, { i: { id: MISSING_ID, name: 'Mine now' } });
    expect(changeB.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(changeB.errors![0]!.message.replace(mine.b[0]!, '<id>')).toBe(changeMissing.errors![0]!.message.replace(MISSING_ID, '<id>'));
    for (const partnerId of [B, null]) {
      const move = await asA()(UPDATE, { i: { id: mine.a[0], partnerId } });
      expect(move.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'partnerId' });
    }
    expect(await sales.sql('SELECT id, name, partner_id FROM opportunity ORDER BY id')).toEqual(before);

    const renamed = await asA()<{ updateOpportunity: OpportunityView }>(UPDATE, { i: { id: mine.a[0], name: 'Renamed by A' } });
    expect(renamed.data!.updateOpportunity).toEqual({ id: mine.a[0], name: 'Renamed by A', partnerId: A });
  });

  it("stops partner A's transaction at the database from inserting a row for B", async () => {
    await asApp(A, async (c) => {
      await expect(
        c.query(
          `INSERT INTO opportunity (id, customer_id, name, amount, currency, close_date, partner_id, pipeline_id, stage_id, status)
           SELECT gen_random_uuid(), customer_id, 'sneaky', 1, 'EUR', close_date, $1, pipeline_id, stage_id, 'OPEN' FROM opportunity WHERE id = $2`,
          [B, mine.a[1]],
        ),
      ).rejects.toThrow(/row-level security/);
    });
    expect(await sales.sql('SELECT 1 FROM opportunity WHERE partner_id = $1', [B])).toHaveLength(mine.b.length);
  });

  it('keeps every other opportunity operation closed to partners (FORBIDDEN)', async () => {
    const res = await asA()('mutation($i: CloseOpportunityInput!) { winOpportunity(input: $i) { id } }', {
      i: { id: mine.a[0], reason: 'Signed' },
    });
    expect(res.errors![0]!.extensions).toEqual({ code: 'FORBIDDEN' });
  });
});
