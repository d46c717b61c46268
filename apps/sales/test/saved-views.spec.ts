import { useTestSubgraph, type TestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';
import { VIEWS_PER_USER_AND_LIST } from '../src/saved-views/saved-view.service';
import { dealsApi, MISSING_ID } from './deals.test-helper';

const ids = {
  rep: 'e0000000-0000-4000-8000-000000000001',
  colleague: 'e0000000-0000-4000-8000-000000000002',
  partner: 'e0000000-0000-4000-8000-0000000000b1',
};
const rep = { roles: ['sales' as const], userId: ids.rep, profile: { name: 'Vera Viewer' } };
const colleague = { roles: ['sales' as const], userId: ids.colleague, profile: { name: 'Carl Colleague' } };

const VIEW = 'id list name shared ownerId owner { id name } sort filters { nameContains tier sizes lifecycleStages ownedBy }';
interface ViewShape {
  id: string;
  name: string;
  shared: boolean;
  ownerId: string;
  owner: { id: string; name: string } | null;
  sort: string;
  filters: Record<string, unknown>;
}

describe('saved views of the customer list', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);
  const save = (input: Record<string, unknown>, as = sales.gqlAs(rep)) =>
    as<{ saveView: ViewShape }>(`mutation($i: SaveViewInput!) { saveView(input: $i) { ${VIEW} } }`, { i: { list: 'CUSTOMERS', ...input } });
  const update = (input: Record<string, unknown>, as = sales.gqlAs(rep)) =>
    as<{ updateView: ViewShape }>(`mutation($i: UpdateViewInput!) { updateView(input: $i) { ${VIEW} } }`, { i: input });
  const remove = (id: string, as = sales.gqlAs(rep)) =>
    as<{ deleteView: { id: string } }>('mutation($id: ID!) { deleteView(id: $id) { id } }', { id });
  const viewsOf = async (as: ReturnType<TestSubgraph['gqlAs']>) => {
    const res = await as<{ savedViews: ViewShape[] }>(`{ savedViews(list: CUSTOMERS) { ${VIEW} } }`);
    expect(res.errors).toBeUndefined();
    return res.data!.savedViews;
  };
  const refused = (call: () => Promise<{ errors?: { message: string; extensions?: Record<string, unknown> }[] }>) =>
    api.refused(['saved_view'], call);

  beforeAll(async () => {
    for (const who of [rep, colleague]) expect((await sales.gqlAs(who)('{ me { id } }')).errors).toBeUndefined();
  });

  it("saves a typed filter and sort that apply to the list as they are, shows the owner's own and shared views, and not others' private ones", async () => {
    for (const [name, tier, stage] of [
      ['Viewtest Alpha', 1, 'CUSTOMER'],
      ['Viewtest Beta', 1, 'PROSPECT'],
      ['Viewtest Gamma', 2, 'CUSTOMER'],
    ] as const) {
      await api.ok('mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', { i: { name, tier, lifecycleStage: stage } });
    }
    const mine = await save({
      name: '  Top customers ',
      filters: { nameContains: 'Viewtest', tier: 1, lifecycleStages: ['CUSTOMER', 'PROSPECT'] },
      sort: 'NAME_ASC',
    });
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.saveView).toMatchObject({
      name: 'Top customers',
      shared: false,
      sort: 'NAME_ASC',
      owner: { id: ids.rep, name: 'Vera Viewer' },
      filters: { nameContains: 'Viewtest', tier: 1, sizes: null, lifecycleStages: ['CUSTOMER', 'PROSPECT'], ownedBy: null },
    });
    const shared = (await save({ name: 'Everyone', filters: { ownedBy: 'ME' }, shared: true }, sales.gqlAs(colleague))).data!.saveView;
    const privateOfColleague = (await save({ name: 'Mine only' }, sales.gqlAs(colleague))).data!.saveView;

    // The stored filter goes back to `customers` as it is, and finds what that filter finds.
    const [view] = (await viewsOf(sales.gqlAs(rep))).filter((v) => v.name === 'Top customers');
    const rows = await sales.gqlAs(rep)<{ customers: { edges: { node: { name: string } }[] } }>(
      'query($f: CustomerFilter, $s: CustomerSort!) { customers(filter: $f, sort: $s) { edges { node { name } } } }',
      { f: Object.fromEntries(Object.entries(view!.filters).filter(([, v]) => v !== null)), s: view!.sort },
    );
    expect(rows.data!.customers.edges.map((e) => e.node.name)).toEqual(['Viewtest Alpha', 'Viewtest Beta']);

    expect((await viewsOf(sales.gqlAs(rep))).map((v) => [v.name, v.ownerId])).toEqual([
      ['Top customers', ids.rep],
      ['Everyone', ids.colleague],
    ]);
    expect((await viewsOf(sales.gqlAs(colleague))).map((v) => v.id)).toEqual([shared.id, privateOfColleague.id]);
  });

  it.each([
    ['an unknown filter field', { name: 'x', filters: { colour: 'red' } }, 'filters.colour'],
    ['a bad filter value', { name: 'x', filters: { tier: 9 } }, 'filters.tier'],
    ['a bad sort', { name: 'x', sort: 'SHOE_SIZE' }, 'sort'],
    ['an empty name', { name: '   ' }, 'name'],
    ['a name past 80 characters', { name: 'n'.repeat(81) }, 'name'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, input, field) => {
    const error = await refused(() => save(input));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses a second view of the same name (whatever its case) and a 51st view, naming the field', async () => {
    expect((await save({ name: 'Dup view' })).errors).toBeUndefined();
    expect((await refused(() => save({ name: 'DUP VIEW' }))).extensions).toEqual({ code: 'CONFLICT', field: 'name' });
    const other = (await save({ name: 'Other view' })).data!.saveView;
    expect((await refused(() => update({ id: other.id, name: 'dup view' }))).extensions).toEqual({ code: 'CONFLICT', field: 'name' });
    // A colleague may use the same name: names are unique per user.
    expect((await save({ name: 'Dup view' }, sales.gqlAs(colleague))).errors).toBeUndefined();

    const have = (await viewsOf(sales.gqlAs(rep))).filter((v) => v.ownerId === ids.rep).length;
    for (let n = have; n < VIEWS_PER_USER_AND_LIST; n++) expect((await save({ name: `Filler ${n}` })).errors).toBeUndefined();
    expect((await refused(() => save({ name: 'One too many' }))).extensions).toEqual({ code: 'CONFLICT', field: 'list' });
    expect((await viewsOf(sales.gqlAs(rep))).filter((v) => v.ownerId === ids.rep)).toHaveLength(VIEWS_PER_USER_AND_LIST);
  });

  it("lets only the owner change or delete a view: a colleague's shared view is FORBIDDEN, a private one NOT_FOUND", async () => {
    const as = sales.gqlAs(colleague);
    const sharedView = (await save({ name: 'Shared to change', shared: true }, as)).data!.saveView;
    const privateView = (await save({ name: 'Private to change' }, as)).data!.saveView;

    expect((await update({ id: sharedView.id, name: 'Hijacked' })).errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await remove(sharedView.id)).errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const missing = (await remove(MISSING_ID)).errors![0]!;
    const hidden = (await remove(privateView.id)).errors![0]!;
    expect(hidden.extensions).toEqual({ code: 'NOT_FOUND', field: 'id' });
    expect(hidden.message.replace(privateView.id, MISSING_ID)).toBe(missing.message);
    expect((await update({ id: privateView.id, shared: true })).errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'id' });

    const changed = await update({ id: privateView.id, name: 'Renamed', filters: { tier: 2 }, sort: 'SIZE_DESC', shared: true }, as);
    expect(changed.data!.updateView).toMatchObject({
      name: 'Renamed',
      shared: true,
      sort: 'SIZE_DESC',
      filters: { tier: 2, nameContains: null },
    });
    expect((await remove(privateView.id, as)).data!.deleteView.id).toBe(privateView.id);
    expect((await viewsOf(as)).map((v) => v.id)).not.toContain(privateView.id);
  });

  it('refuses partner and customer tokens outright', async () => {
    const partner = { roles: ['partner' as const], partnerId: ids.partner };
    const contact = { roles: ['customer' as const], customerId: ids.partner, contactId: ids.partner };
    for (const who of [partner, contact]) {
      expect((await sales.gqlAs(who)('{ savedViews(list: CUSTOMERS) { id } }')).errors![0]!.extensions).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect((await refused(() => save({ name: 'Partner view' }, sales.gqlAs(who)))).extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});
