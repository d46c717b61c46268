import { itPagesWithCursors } from '@crm/testing';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';

/** Every sales connection through the shared paging suite, each on three rows of its own. */
describe('sales connections', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const { gql } = sales;
  const ok = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const res = await gql<T>(query, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  /** The customer and opportunity the opportunities, quotes and activities hang on. */
  let customerId: string;
  let opportunityId: string;

  beforeAll(async () => {
    customerId = (await sales.ctx.newCustomer({ name: 'Paging owner' })).id;
  });

  itPagesWithCursors({
    gql: () => gql,
    field: 'customers',
    sortType: 'CustomerSort',
    filterType: 'CustomerFilter',
    label: 'name',
    filter: { tag: 'paging' },
    seed: async () => {
      const ids: Record<string, string> = {};
      for (const [name, industry, size, lifecycleStage] of [
        ['Paging Bravo', 'Aerospace', 'ENTERPRISE', 'PROSPECT'],
        ['Paging Alpha', 'Retail', 'MEDIUM', 'CUSTOMER'],
        ['Paging Charlie', 'Mining', 'MICRO', 'LEAD'],
      ]) {
        ids[name!] = (await sales.ctx.newCustomer({ name, industry, size, lifecycleStage, tags: ['paging'] })).id;
      }
      // Alpha changed last: first by UPDATED_AT_DESC, though created in the middle.
      await ok('mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { id } }', { i: { id: ids['Paging Alpha'], tier: 2 } });
    },
    orders: {
      CREATED_AT_DESC: ['Paging Charlie', 'Paging Alpha', 'Paging Bravo'],
      NAME_ASC: ['Paging Alpha', 'Paging Bravo', 'Paging Charlie'],
      UPDATED_AT_DESC: ['Paging Alpha', 'Paging Charlie', 'Paging Bravo'],
      INDUSTRY_ASC: ['Paging Bravo', 'Paging Charlie', 'Paging Alpha'],
      SIZE_DESC: ['Paging Bravo', 'Paging Alpha', 'Paging Charlie'],
      LIFECYCLE_STAGE_ASC: ['Paging Charlie', 'Paging Bravo', 'Paging Alpha'],
    },
  });

  itPagesWithCursors({
    gql: () => gql,
    field: 'opportunities',
    sortType: 'OpportunitySort',
    filterType: 'OpportunityFilter',
    label: 'name',
    filter: () => ({ customerId }),
    seed: async () => {
      for (const [name, amount, closeDate] of [
        ['D1', '200.00', '2028-03-01'],
        ['D2', '300.00', '2028-01-01'],
        ['D3', '100.00', '2028-02-01'],
      ]) {
        opportunityId = (await sales.ctx.newOpportunity({ customerId, name, amount: { amount, currency: 'EUR' }, closeDate })).id;
      }
    },
    orders: {
      CREATED_AT_DESC: ['D3', 'D2', 'D1'],
      AMOUNT_DESC: ['D2', 'D1', 'D3'],
      AMOUNT_ASC: ['D3', 'D1', 'D2'],
      CLOSE_DATE_ASC: ['D2', 'D3', 'D1'],
    },
  });

  let productId: string;
  itPagesWithCursors({
    gql: () => gql,
    field: 'products',
    sortType: 'ProductSort',
    filterType: 'ProductFilter',
    label: 'name',
    filter: { search: 'paging' },
    seed: async () => {
      for (const [sku, name] of [
        ['PG-W', 'Paging Widget'],
        ['PG-A', 'Paging Anvil'],
        ['PG-C', 'Paging Crate'],
      ]) {
        productId = (
          await ok<{ createProduct: { id: string } }>('mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }', {
            i: { sku, name },
          })
        ).createProduct.id;
      }
    },
    orders: {
      NAME_ASC: ['Paging Anvil', 'Paging Crate', 'Paging Widget'],
      CREATED_AT_DESC: ['Paging Crate', 'Paging Anvil', 'Paging Widget'],
    },
  });

  itPagesWithCursors({
    gql: () => gql,
    field: 'quotes',
    sortType: 'QuoteSort',
    filterType: 'QuoteFilter',
    // The one scalar a test chooses freely on a quote.
    label: 'validUntil',
    filter: () => ({ opportunityId }),
    seed: async () => {
      for (const [unitPrice, validUntil] of [
        ['20', '2028-06-01'],
        ['30', '2028-06-02'],
        ['10', '2028-06-03'],
      ]) {
        await ok('mutation($i: CreateQuoteInput!) { createQuote(input: $i) { id } }', {
          i: { opportunityId, validUntil, lines: [{ productId, quantity: '1', unitPrice }] },
        });
      }
    },
    orders: {
      CREATED_AT_DESC: ['2028-06-03', '2028-06-02', '2028-06-01'],
      TOTAL_DESC: ['2028-06-02', '2028-06-01', '2028-06-03'],
    },
  });

  itPagesWithCursors({
    gql: () => gql,
    field: 'activities',
    sortType: 'ActivitySort',
    filterType: 'ActivityFilter',
    label: 'subject',
    filter: () => ({ customerId }),
    seed: async () => {
      for (const [subject, dueAt] of [
        ['A1', '2028-03-02T09:00:00Z'],
        ['A2', '2028-03-03T09:00:00Z'],
        ['A3', '2028-03-01T09:00:00Z'],
      ]) {
        await ok('mutation($i: LogActivityInput!) { logActivity(input: $i) { id } }', { i: { type: 'TASK', subject, customerId, dueAt } });
      }
    },
    orders: {
      CREATED_AT_DESC: ['A3', 'A2', 'A1'],
      DUE_AT_ASC: ['A3', 'A1', 'A2'],
    },
  });
});
