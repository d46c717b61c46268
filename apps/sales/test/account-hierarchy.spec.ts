import { useTestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi, MISSING_ID } from './deals.test-helper';

const ACCOUNT = `id name annualRevenue { amount currency } employeeCount country
  address { street city postalCode region } yearEstablished parentId parent { id }`;
const ROLLUP = `rollup(currency: "eur") { currency accounts openCount openPipeline { amount currency } wonCount wonRevenue { amount } }`;

describe('account fields and hierarchy', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);
  let parent: string;
  let child1: string;
  let child2: string;
  let grandchild: string;

  const createAccount = async (input: Record<string, unknown>) =>
    (
      await api.ok<{ createCustomer: { id: string } }>('mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', {
        i: input,
      })
    ).createCustomer.id;
  const deal = async (customerId: string, amount: string, outcome?: 'win' | 'lose', currency = 'EUR') => {
    const { id } = await api.createOpportunity({ customerId, amount: { amount, currency } });
    if (outcome)
      await api.ok(`mutation($i: CloseOpportunityInput!) { ${outcome}Opportunity(input: $i) { id } }`, { i: { id, reason: 'test' } });
  };
  const updateAccount = (input: Record<string, unknown>) =>
    sales.gql<{ updateCustomer: Record<string, unknown> }>(
      `mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { ${ACCOUNT} } }`,
      {
        i: input,
      },
    );

  beforeAll(async () => {
    parent = await createAccount({
      name: 'Globex Holding',
      annualRevenue: { amount: '125000000.50', currency: 'usd' },
      employeeCount: 1200,
      country: 'de',
      address: { street: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115' },
      yearEstablished: 1989,
    });
    child1 = await createAccount({ name: 'Globex Europe', parentId: parent });
    child2 = await createAccount({ name: 'Globex Asia', parentId: parent });
    grandchild = await createAccount({ name: 'Globex France', parentId: child1 });
    await deal(parent, '100');
    await deal(child1, '200', 'win');
    await deal(child2, '50.25');
    await deal(child2, '30', 'lose');
    await deal(grandchild, '70', 'win');
    // Another currency never adds up with euros.
    await deal(grandchild, '999', 'win', 'USD');
  });

  it('keeps annual revenue as Money, employees, country, address and year established', async () => {
    const res = await api.ok<{ customer: Record<string, unknown> }>(`query($id: ID!) { customer(id: $id) { ${ACCOUNT} } }`, { id: parent });
    expect(res.customer).toEqual({
      id: parent,
      name: 'Globex Holding',
      annualRevenue: { amount: '125000000.50', currency: 'USD' },
      employeeCount: 1200,
      country: 'DE',
      address: { street: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', region: null },
      yearEstablished: 1989,
      parentId: null,
      parent: null,
    });
    const cleared = await updateAccount({ id: child2, address: null, annualRevenue: null, country: 'JP' });
    expect(cleared.data!.updateCustomer).toMatchObject({ address: null, annualRevenue: null, country: 'JP', parent: { id: parent } });
  });

  it('rolls up open pipeline and won revenue over the hierarchy, for a whole list in one go', async () => {
    const res = await api.ok<{ customers: { edges: { node: { id: string; rollup: Record<string, unknown> } }[] } }>(
      `{ customers(first: 50) { edges { node { id ${ROLLUP} } } } }`,
    );
    const byId = new Map(res.customers.edges.map((e) => [e.node.id, e.node.rollup]));
    expect(byId.get(parent)).toEqual({
      currency: 'EUR',
      accounts: 4,
      openCount: 2,
      openPipeline: { amount: '150.25', currency: 'EUR' },
      wonCount: 2,
      wonRevenue: { amount: '270.00' },
    });
    expect(byId.get(child1)).toMatchObject({ accounts: 2, openCount: 0, wonCount: 2, wonRevenue: { amount: '270.00' } });
    expect(byId.get(grandchild)).toMatchObject({ accounts: 1, wonCount: 1, wonRevenue: { amount: '70.00' } });
  });

  describe('refuses, naming the field and writing nothing', () => {
    const refused = async (input: Record<string, unknown>) => {
      const before = await sales.sql<Record<string, unknown>>('SELECT * FROM customer ORDER BY id');
      const outbox = await sales.count('outbox');
      const res = await updateAccount(input);
      expect(await sales.sql('SELECT * FROM customer ORDER BY id')).toEqual(before);
      expect(await sales.count('outbox')).toBe(outbox);
      expect(res.errors).toHaveLength(1);
      return res.errors![0]!;
    };

    it('a parent that is a sub-account (a cycle), or the account itself', async () => {
      const cycle = await refused({ id: parent, parentId: grandchild });
      expect(cycle.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'parentId' });
      expect(cycle.message).toContain('cycle');
      expect((await refused({ id: child1, parentId: child1 })).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'parentId' });
    });

    it('a parent that does not exist', async () => {
      expect((await refused({ id: child1, parentId: MISSING_ID })).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'parentId' });
    });

    it.each([
      ['a negative annual revenue', { annualRevenue: { amount: '-1', currency: 'EUR' } }, 'annualRevenue.amount'],
      ['an unknown country', { country: 'XX' }, 'country'],
      ['a year in the future', { yearEstablished: new Date().getUTCFullYear() + 1 }, 'yearEstablished'],
      ['a negative employee count', { employeeCount: -1 }, 'employeeCount'],
    ])('%s', async (_, input, field) => {
      expect((await refused({ id: child2, ...input })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    });
  });
});
