import { fewestStatements, useTestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';

describe('sales batching', () => {
  // The stale-customer follow-up job reads customers on its own schedule; a run that fell inside a
  // counted query made one clean-clone CI count 3 statements for 100 where 10 took 2.
  const sales = useTestSubgraph(salesSubgraph, { env: { FOLLOW_UP_JOB_ENABLED: 'false' } });
  const { gql } = sales;

  it('resolves 100 Customer entities with their contacts in as many SQL statements as 10', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const { id } = await sales.ctx.newCustomer({ name: `Batch ${i}` });
      await sales.ctx.newContact({ customerId: id, firstName: 'Batch', lastName: `Contact ${i}`, email: `batch${i}@batch.example` });
      ids.push(id);
    }
    const resolve = (some: string[]) => {
      // The outbox relay, the consumers and the jobs run SQL in the background, some of it naming
      // customers; count only statements bound to the ids this query asked for.
      const asked = new Set(some);
      const bindsAsked = (params: unknown): boolean =>
        Array.isArray(params) && params.some((p) => (Array.isArray(p) ? p.some((v) => asked.has(v as string)) : asked.has(p as string)));
      return fewestStatements(
        async () => {
          const res = await gql<{ _entities: { id: string; contacts: { id: string }[] }[] }>(
            'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id name contacts { id email } } } }',
            { r: some.map((id) => ({ __typename: 'Customer', id })) },
          );
          expect(res.data!._entities.map((e) => e.id)).toEqual(some);
          expect(res.data!._entities.every((e) => e.contacts.length === 1)).toBe(true);
        },
        (_sql, params) => bindsAsked(params),
      );
    };
    const { statements: forTen } = await resolve(ids.slice(0, 10));
    const { statements: forHundred } = await resolve(ids);
    expect(forHundred).toBe(forTen);
    expect(forTen).toBeGreaterThan(0);
    expect(forTen).toBeLessThanOrEqual(2);
  });
});
