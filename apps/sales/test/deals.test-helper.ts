import { defineFactory } from '@crm/testing';
import type { TestSubgraph } from '@crm/subgraph-testing';

/** The pipelines the migration seeds, by name. */
export const NEW_BUSINESS = {
  id: '0a7f0000-0000-4000-8000-000000000001',
  prospecting: '0a7f0000-0000-4000-8001-000000000001',
  qualification: '0a7f0000-0000-4000-8001-000000000002',
  proposal: '0a7f0000-0000-4000-8001-000000000003',
  negotiation: '0a7f0000-0000-4000-8001-000000000004',
  won: '0a7f0000-0000-4000-8001-000000000005',
  lost: '0a7f0000-0000-4000-8001-000000000006',
};
export const RENEWALS = { id: '0a7f0000-0000-4000-8000-000000000002', due: '0a7f0000-0000-4000-8002-000000000001' };
export const MISSING_ID = '00000000-0000-4000-8000-000000000000';

export interface OpportunityInput {
  customerId: string;
  name: string;
  amount: { amount: string; currency: string };
  closeDate: string;
  [key: string]: unknown;
}

export const opportunityInput = defineFactory<OpportunityInput>((n) => ({
  customerId: MISSING_ID,
  name: `Deal ${n}`,
  amount: { amount: `${1000 + n}.50`, currency: 'EUR' },
  closeDate: '2027-03-31',
}));

/** GraphQL calls the deal specs share; each throws on errors so a broken step fails where it happens. */
interface RefusalError {
  message: string;
  extensions?: Record<string, unknown>;
}

export function dealsApi(sub: () => TestSubgraph) {
  const ok = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await sub().gql<T>(query, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  return {
    ok,
    createCustomer: async (name: string) => (await sub().ctx.newCustomer({ name })).id,
    addContact: async (customerId: string, firstName: string) =>
      (await sub().ctx.newContact({ customerId, firstName, lastName: 'Test', email: `${firstName.toLowerCase()}@example.com` })).id,
    createOpportunity: (input: Partial<OpportunityInput> & { customerId: string }) =>
      sub().ctx.newOpportunity(opportunityInput.build(input)),
    /** Rows in the tables a deal mutation writes, and the outbox: equal before and after means nothing was written. */
    footprint: async (tables: string[]) => {
      const counts = await Promise.all([...tables, 'outbox'].map((t) => sub().count(t)));
      return Object.fromEntries([...tables, 'outbox'].map((t, i) => [t, counts[i]]));
    },
    /** A refused call: its one error, after checking that nothing was written to `tables` nor the outbox. */
    refused: async (tables: string[], call: () => Promise<{ errors?: RefusalError[] }>): Promise<RefusalError> => {
      const footprint = () => Promise.all([...tables, 'outbox'].map((t) => sub().count(t)));
      const before = await footprint();
      const res = await call();
      expect(await footprint()).toEqual(before);
      expect(res.errors).toHaveLength(1);
      return res.errors![0]!;
    },
  };
}
