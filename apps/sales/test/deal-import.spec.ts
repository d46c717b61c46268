import { useTestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi, NEW_BUSINESS } from './deals.test-helper';

const IMPORT = `mutation($i: ImportDealsInput!) {
  importDeals(input: $i) { created unchanged accountsCreated deals { index externalId opportunityId outcome }
    accounts { index externalId customerId outcome } } }`;
const OWNER = 'd0000000-0000-4000-8000-000000000001';
const WRITES = ['customer', 'opportunity', 'opportunity_stage_change', 'opportunity_line'];

interface ImportResult {
  created: number;
  unchanged: number;
  accountsCreated: number;
  deals: { index: number; externalId: string; opportunityId: string; outcome: string }[];
  accounts: { index: number; externalId: string; customerId: string; outcome: string }[];
}

describe('bulk import of deal history', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);
  let seat: string;
  let support: string;

  const run = (i: Record<string, unknown>, gql = sales.gql) => gql<{ importDeals: ImportResult }>(IMPORT, { i });
  /** A refused batch: one error naming the field, and nothing of it written. */
  const refused = async (i: Record<string, unknown>, gql = sales.gql) => {
    const before = await api.footprint(WRITES);
    const res = await run(i, gql);
    expect(await api.footprint(WRITES)).toEqual(before);
    expect(res.errors).toHaveLength(1);
    return res.errors![0]!;
  };

  const history = () => ({
    accounts: [
      { externalId: 'acc-1', name: 'Acme Imported' },
      { externalId: 'acc-2', name: 'Globex Imported' },
    ],
    deals: [
      {
        externalId: 'deal-1',
        name: 'Won with products',
        accountExternalId: 'acc-1',
        ownerId: OWNER,
        currency: 'EUR',
        closeDate: '2016-03-15',
        createdAt: '2016-01-10T09:00:00Z',
        stages: [
          { stageId: NEW_BUSINESS.proposal, at: '2016-02-01T10:00:00Z' },
          { stageId: NEW_BUSINESS.won, at: '2016-03-15T12:00:00Z' },
        ],
        closeReason: 'best price',
        lines: [
          { productId: seat, quantity: '10', unitPrice: '50.00' },
          { productId: support, quantity: '1', unitPrice: '1200', discountPercent: '10' },
        ],
      },
      {
        externalId: 'deal-2',
        name: 'Lost',
        accountExternalId: 'acc-2',
        ownerId: OWNER,
        currency: 'EUR',
        amount: '999.90',
        closeDate: '2016-07-01',
        createdAt: '2016-05-05T09:00:00Z',
        stages: [{ stageId: NEW_BUSINESS.lost, at: '2016-07-01T12:00:00Z' }],
      },
      {
        externalId: 'deal-3',
        name: 'Open, no account',
        currency: 'EUR',
        amount: '100',
        closeDate: '2018-03-31',
        createdAt: '2017-12-05T09:00:00Z',
      },
    ],
  });

  beforeAll(async () => {
    const product = async (sku: string) =>
      (
        await api.ok<{ createProduct: { id: string } }>('mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }', {
          i: { sku, name: sku },
        })
      ).createProduct.id;
    seat = await product('SEAT');
    support = await product('SUPPORT');
  });

  it('creates each deal with its account, stage history, products and historical dates, one event each', async () => {
    const outbox = await sales.count('outbox');
    const res = await run(history());
    expect(res.errors).toBeUndefined();
    const result = res.data!.importDeals;
    expect(result).toMatchObject({ created: 3, unchanged: 0, accountsCreated: 2 });
    expect(result.deals.map((d) => [d.index, d.externalId, d.outcome])).toEqual([
      [0, 'deal-1', 'CREATED'],
      [1, 'deal-2', 'CREATED'],
      [2, 'deal-3', 'CREATED'],
    ]);
    const won = await api.ok<{
      opportunity: {
        status: string;
        amount: { amount: string };
        closedAt: string;
        createdAt: string;
        closeReason: string;
        customer: { name: string; createdAt: string };
        lines: { quantity: string; net: { amount: string } }[];
        stageHistory: { toStageId: string; changedAt: string }[];
      };
    }>(
      `query($id: ID!) { opportunity(id: $id) { status amount { amount } closedAt createdAt closeReason customer { name createdAt }
          lines { quantity net { amount } } stageHistory { toStageId changedAt } } }`,
      { id: result.deals[0]!.opportunityId },
    );
    expect(won.opportunity).toMatchObject({
      status: 'WON',
      // 10 x 50 + 1200 less 10 %: the amount follows the lines.
      amount: { amount: '1580.00' },
      createdAt: '2016-01-10T09:00:00.000Z',
      closedAt: '2016-03-15T12:00:00.000Z',
      closeReason: 'best price',
      // The account is as old as its first deal, not created "now" after its own history.
      customer: { name: 'Acme Imported', createdAt: '2016-01-10T09:00:00.000Z' },
      lines: [{ net: { amount: '500.00' } }, { net: { amount: '1080.00' } }],
    });
    expect(won.opportunity.stageHistory.map((s) => [s.toStageId, s.changedAt])).toEqual([
      [NEW_BUSINESS.prospecting, '2016-01-10T09:00:00.000Z'],
      [NEW_BUSINESS.proposal, '2016-02-01T10:00:00.000Z'],
      [NEW_BUSINESS.won, '2016-03-15T12:00:00.000Z'],
    ]);
    // Each listed account with the customer it became, so a client can give it fields and a parent.
    const acme = await api.ok<{ opportunity: { customer: { id: string } } }>(
      'query($id: ID!) { opportunity(id: $id) { customer { id } } }',
      {
        id: result.deals[0]!.opportunityId,
      },
    );
    expect(result.accounts).toEqual([
      { index: 0, externalId: 'acc-1', customerId: acme.opportunity.customer.id, outcome: 'CREATED' },
      { index: 1, externalId: 'acc-2', customerId: expect.any(String), outcome: 'CREATED' },
    ]);
    const open = await api.ok<{ opportunity: { unassigned: boolean; status: string } }>(
      'query($id: ID!) { opportunity(id: $id) { unassigned status } }',
      { id: result.deals[2]!.opportunityId },
    );
    expect(open.opportunity).toEqual({ unassigned: true, status: 'OPEN' });
    const events = await sales.sql<{ type: string; time: Date; data: { externalId?: string; name?: string; stages?: unknown[] } }>(
      'SELECT type, time, data FROM outbox ORDER BY seq OFFSET $1',
      [outbox],
    );
    const imported = events.filter((e) => e.type === 'crm.sales.opportunity.imported.v1');
    expect(imported.map((e) => [e.data.externalId, e.time.toISOString(), e.data.stages!.length])).toEqual([
      ['deal-1', '2016-01-10T09:00:00.000Z', 3],
      ['deal-2', '2016-05-05T09:00:00.000Z', 2],
      ['deal-3', '2017-12-05T09:00:00.000Z', 1],
    ]);
    const accounts = events.filter((e) => e.type === 'crm.sales.customer.created.v1'); // two accounts and "Unassigned"
    expect(accounts.filter((e) => e.data.name !== 'Unassigned').map((e) => [e.data.name, e.time.toISOString()])).toEqual([
      ['Acme Imported', '2016-01-10T09:00:00.000Z'],
      ['Globex Imported', '2016-05-05T09:00:00.000Z'],
    ]);
    expect(accounts).toHaveLength(3);
  });

  it('dates a new account by its own createdAt when given, and one no deal names at the time of the import', async () => {
    const before = Date.now();
    const res = await run({
      accounts: [
        { externalId: 'acc-3', name: 'Initech Imported', createdAt: '2015-03-01T00:00:00Z' },
        { externalId: 'acc-4', name: 'Umbrella Imported' },
      ],
      deals: [{ ...history().deals[2]!, externalId: 'deal-5', accountExternalId: 'acc-3' }],
    });
    expect(res.data!.importDeals).toMatchObject({ created: 1, accountsCreated: 2 });
    const rows = await sales.sql<{ name: string; created_at: Date }>(
      "SELECT name, created_at FROM customer WHERE external_id IN ('acc-3', 'acc-4') ORDER BY external_id",
    );
    expect(rows[0]).toEqual({ name: 'Initech Imported', created_at: new Date('2015-03-01T00:00:00Z') });
    expect(rows[1]!.created_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('changes nothing when the same history is imported again, and reports every deal unchanged', async () => {
    const before = await api.footprint(WRITES);
    const res = await run(history());
    expect(res.data!.importDeals).toMatchObject({ created: 0, unchanged: 3, accountsCreated: 0 });
    expect(res.data!.importDeals.accounts.map((a) => a.outcome)).toEqual(['UNCHANGED', 'UNCHANGED']);
    expect(res.data!.importDeals.deals.every((d) => d.outcome === 'UNCHANGED' && d.opportunityId)).toBe(true);
    expect(await api.footprint(WRITES)).toEqual(before);
  });

  it('creates only the new deals of a batch that mixes old and new', async () => {
    const batch = history();
    batch.deals.push({ ...batch.deals[2]!, externalId: 'deal-4', name: 'New one' });
    const res = await run(batch);
    expect(res.data!.importDeals.deals.map((d) => d.outcome)).toEqual(['UNCHANGED', 'UNCHANGED', 'UNCHANGED', 'CREATED']);
  });

  it('shows in the sales breakdown at the time each deal closed', async () => {
    const res = await api.ok<{ salesBreakdown: { rows: { period: string; wonCount: number; lostCount: number }[] } }>(
      `{ salesBreakdown(by: OWNER, period: YEAR, currency: "EUR", to: "2016-12-31") { rows { period wonCount lostCount } } }`,
    );
    expect(res.salesBreakdown.rows).toEqual([{ period: '2016', wonCount: 1, lostCount: 1 }]);
  });

  it('adds every imported deal to the monthly rollup, as the insert trigger adds any other write', async () => {
    // The import adds its deals to opportunity_month itself, last, rather than through the insert trigger:
    // the rollup must still sum exactly the deals there are.
    const month = `date_trunc('month', CASE WHEN status = 'OPEN' THEN close_date::timestamp ELSE closed_at AT TIME ZONE 'UTC' END)::date`;
    const rollup = await sales.sql(
      `SELECT currency, month, owner_id, status, sum(deals)::int AS deals, sum(amount)::text AS amount, round(sum(cycle_days), 6)::text AS cycle
       FROM opportunity_month GROUP BY 1, 2, 3, 4 HAVING sum(deals) <> 0 ORDER BY 1, 2, 3, 4`,
    );
    const deals = await sales.sql(
      `SELECT currency, ${month} AS month, owner_id, status, count(*)::int AS deals, sum(amount)::text AS amount,
              round(coalesce(sum(extract(epoch FROM closed_at - created_at) / 86400), 0), 6)::text AS cycle
       FROM opportunity GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    );
    expect(deals.length).toBeGreaterThan(2);
    expect(rollup).toEqual(deals);
  });

  describe('refuses a bad record naming its index and field, writing nothing of the batch', () => {
    const withDeal = (i: number, patch: Record<string, unknown>) => {
      const batch = history();
      batch.deals = batch.deals.map((d) => ({ ...d, externalId: `${d.externalId}-b` }));
      batch.deals[i] = { ...batch.deals[i]!, ...patch };
      return batch;
    };

    it('a negative quantity', async () => {
      const e = await refused(withDeal(0, { lines: [{ productId: seat, quantity: '-1', unitPrice: '5' }] }));
      expect(e.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'deals.0.lines.0.quantity' });
    });

    it('a creation date in the future, of a deal or an account, and a move before the creation', async () => {
      const future = await refused(withDeal(1, { createdAt: new Date(Date.now() + 86_400_000).toISOString() }));
      expect(future.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'deals.1.createdAt' });
      const early = await refused(withDeal(0, { stages: [{ stageId: NEW_BUSINESS.won, at: '2015-01-01T00:00:00Z' }] }));
      expect(early.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'deals.0.stages.0.at' });
      const account = await refused({
        ...withDeal(0, {}),
        accounts: [{ externalId: 'acc-new', name: 'Future Inc', createdAt: new Date(Date.now() + 86_400_000).toISOString() }],
      });
      expect(account.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'accounts.0.createdAt' });
    });

    it('a stage after a closing one, and a product that does not exist', async () => {
      const after = await refused(
        withDeal(0, {
          stages: [
            { stageId: NEW_BUSINESS.won, at: '2016-02-01T00:00:00Z' },
            { stageId: NEW_BUSINESS.proposal, at: '2016-03-01T00:00:00Z' },
          ],
        }),
      );
      expect(after.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'deals.0.stages.1.stageId' });
      const missing = await refused(
        withDeal(2, { lines: [{ productId: 'd0000000-0000-4000-8000-0000000000ff', quantity: '1', unitPrice: '1' }] }),
      );
      expect(missing.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'deals.2.lines.0.productId' });
    });

    it('an account no batch listed, and an external id twice in one batch', async () => {
      const account = await refused(withDeal(1, { accountExternalId: 'nowhere' }));
      expect(account.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'deals.1.accountExternalId' });
      const twice = await refused(withDeal(2, { externalId: 'deal-1-b' }));
      expect(twice.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'deals.2.externalId' });
    });

    it('an account whose external id is a deleted account’s', async () => {
      const made = await run({
        accounts: [{ externalId: 'acc-deleted', name: 'Gone Ltd' }],
        deals: [{ ...history().deals[2]!, externalId: 'deal-gone' }],
      });
      await api.ok('mutation($id: ID!) { deleteCustomer(id: $id) { id } }', { id: made.data!.importDeals.accounts[0]!.customerId });
      const e = await refused({ ...withDeal(0, {}), accounts: [{ externalId: 'acc-deleted', name: 'Gone Ltd' }] });
      expect(e.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'accounts.0.externalId' });
    });

    it('a deal with neither amount nor lines, and a batch of more than 500', async () => {
      const amount = await refused(withDeal(2, { amount: null }));
      expect(amount.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'deals.2.amount' });
      const batch = history();
      batch.deals = Array.from({ length: 501 }, (_, n) => ({ ...batch.deals[2]!, externalId: `many-${n}` }));
      expect((await refused(batch)).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'deals' });
    });

    it('a caller who may not import history', async () => {
      const rep = sales.gqlAs({ roles: ['sales'], userId: OWNER });
      // Signed in first: a first request adds the user to the directory, a write of its own.
      await rep('{ me { id } }');
      const e = await refused(withDeal(0, {}), rep);
      expect(e.extensions).toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});
