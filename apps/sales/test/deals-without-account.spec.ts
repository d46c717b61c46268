import { useTestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi } from './deals.test-helper';

const UNASSIGNED = '0a7f0000-0000-4000-8003-000000000001';
const CREATE = 'mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id customerId unassigned } }';

describe('deals without an account', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);
  const input = (name: string) => ({ name, amount: { amount: '100', currency: 'EUR' }, closeDate: '2027-01-31' });
  const unassignedIds = async (unassigned: boolean) =>
    (
      await api.ok<{ opportunities: { edges: { node: { id: string } }[] } }>(
        'query($u: Boolean) { opportunities(first: 50, filter: { unassigned: $u }) { edges { node { id } } } }',
        { u: unassigned },
      )
    ).opportunities.edges.map((e) => e.node.id);

  it('stores them under the "Unassigned" account, made once with its created event, and lists them as such', async () => {
    const first = await api.ok<{ createOpportunity: { id: string; customerId: string; unassigned: boolean } }>(CREATE, {
      i: input('From an old export'),
    });
    const second = await api.ok<{ createOpportunity: { id: string } }>(CREATE, { i: { ...input('Another'), customerId: null } });
    const assigned = await api.createOpportunity({ customerId: await api.createCustomer('Known Ltd') });
    expect(first.createOpportunity).toMatchObject({ customerId: UNASSIGNED, unassigned: true });

    const account = await api.ok<{ customer: { name: string } }>('query($id: ID!) { customer(id: $id) { name } }', { id: UNASSIGNED });
    expect(account.customer.name).toBe('Unassigned');
    const created = await sales.sql("SELECT 1 FROM outbox WHERE type = 'crm.sales.customer.created.v1' AND data->>'customerId' = $1", [
      UNASSIGNED,
    ]);
    expect(created).toHaveLength(1);

    expect((await unassignedIds(true)).sort()).toEqual([first.createOpportunity.id, second.createOpportunity.id].sort());
    expect(await unassignedIds(false)).toEqual([assigned.id]);
  });

  it('files a deal under its account once the account is known', async () => {
    const { createOpportunity: deal } = await api.ok<{ createOpportunity: { id: string } }>(CREATE, { i: input('Later known') });
    const customerId = await api.createCustomer('Found Corp');
    const moved = await api.ok<{ updateOpportunity: { customerId: string; unassigned: boolean } }>(
      'mutation($i: UpdateOpportunityInput!) { updateOpportunity(input: $i) { customerId unassigned } }',
      { i: { id: deal.id, customerId } },
    );
    expect(moved.updateOpportunity).toEqual({ customerId, unassigned: false });
    const [event] = await sales.sql<{ subject: string; data: { changed: string[] } }>(
      "SELECT subject, data FROM outbox WHERE type = 'crm.sales.opportunity.updated.v2' AND data->>'opportunityId' = $1",
      [deal.id],
    );
    expect(event).toEqual({
      subject: customerId,
      data: expect.objectContaining({
        changed: ['customerId'],
        changes: [{ field: 'customerId', old: expect.any(String), new: customerId }],
      }),
    });
  });

  describe('refuses, naming the field and writing nothing', () => {
    const refused = async (query: string, variables: Record<string, unknown>) => {
      const before = await api.footprint(['customer', 'opportunity']);
      const res = await sales.gql(query, variables);
      expect(await api.footprint(['customer', 'opportunity'])).toEqual(before);
      return res.errors![0]!.extensions;
    };

    it('moving a deal that has an account', async () => {
      const { id } = await api.createOpportunity({ customerId: await api.createCustomer('Owner A') });
      const other = await api.createCustomer('Owner B');
      expect(
        await refused('mutation($i: UpdateOpportunityInput!) { updateOpportunity(input: $i) { id } }', { i: { id, customerId: other } }),
      ).toEqual({ code: 'BAD_USER_INPUT', field: 'customerId' });
    });

    it('deleting or merging the "Unassigned" account', async () => {
      await api.ok(CREATE, { i: input('Keeps it alive') });
      const other = await api.createCustomer('Merge target');
      expect(await refused('mutation($id: ID!) { deleteCustomer(id: $id) { id } }', { id: UNASSIGNED })).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'id',
      });
      expect(
        await refused('mutation($s: ID!, $m: ID!) { mergeCustomers(survivorId: $s, mergedId: $m) { merge { id } } }', {
          s: other,
          m: UNASSIGNED,
        }),
      ).toEqual({ code: 'BAD_USER_INPUT', field: 'mergedId' });
    });
  });
});
