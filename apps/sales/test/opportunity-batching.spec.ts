import { fewestStatements, readsOf, useTestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi } from './deals.test-helper';

describe('opportunity batching', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);
  const partnerId = '5a1e5000-0000-4000-8000-00000000ba7c';

  beforeAll(async () => {
    // 100 opportunities over 25 customers, each opportunity with a contact of its customer.
    for (let c = 0; c < 25; c++) {
      const customerId = await api.createCustomer(`Batch customer ${c}`);
      const contactId = await api.addContact(customerId, `Person${c}`);
      for (let o = 0; o < 4; o++) {
        await api.createOpportunity({ customerId, partnerId, contacts: [{ contactId, role: 'CHAMPION' }] });
      }
    }
  });

  it('lists 100 opportunities with their customer, contacts and stage in as many SQL statements as 10', async () => {
    const list = (first: number) =>
      fewestStatements(
        async () => {
          const res = await api.ok<{ opportunities: { edges: { node: { customer: { name: string }; contacts: unknown[] } }[] } }>(
            `query($first: Int, $f: OpportunityFilter) { opportunities(first: $first, filter: $f) { edges { node {
             id name stage { name } pipeline { name } probability
             customer { id name contacts { id } opportunities { id } }
             contacts { role contact { fullName } }
           } } } }`,
            { first, f: { partnerId } },
          );
          expect(res.opportunities.edges).toHaveLength(first);
          expect(res.opportunities.edges.every((e) => e.node.customer.name.startsWith('Batch') && e.node.contacts.length === 1)).toBe(true);
        },
        readsOf('opportunity', 'pipeline', 'stage', 'customer', 'contact'),
      );
    const { statements: forTen } = await list(10);
    const { statements: forHundred } = await list(100);
    expect(forHundred).toBe(forTen);
    // page, stages, pipelines (+ their stages), customers, customer contacts, customer opportunities, opportunity contacts
    expect(forTen).toBeLessThanOrEqual(8);
  });
});
