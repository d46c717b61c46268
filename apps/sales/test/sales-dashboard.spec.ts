import { useTestSubgraph } from '@crm/subgraph-testing';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi, NEW_BUSINESS, RENEWALS } from './deals.test-helper';

const ALICE = '44444444-4444-4444-8444-444444444444';
const BOB = '55555555-5555-4555-8555-555555555555';
const CAROL = '66666666-6666-4666-8666-666666666666';

const DASHBOARD = `
  from to currency
  pipelineByStage { stageId stageName pipelineName count amount { amount currency } }
  wonCount lostCount wonAmount { amount currency } winRate averageDealSize { amount currency } averageSalesCycleDays
  forecast { category count amount { amount } lastYearCount lastYearAmount { amount } }`;

describe('sales dashboard', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);
  const dashboard = (args: Record<string, unknown>) =>
    sales.gql<{ salesDashboard: Record<string, unknown> }>(
      `query($owners: [ID!], $from: Date!, $to: Date!, $currency: String!, $pipelineId: ID) {
        salesDashboard(ownerIds: $owners, from: $from, to: $to, currency: $currency, pipelineId: $pipelineId) { ${DASHBOARD} }
      }`,
      args,
    );

  /** An opportunity through GraphQL, created and closed at the given times as a history import sets them. */
  const deal = async (o: {
    owner: string;
    amount: string;
    currency?: string;
    stageId?: string;
    closeDate: string;
    outcome?: 'win' | 'lose';
    createdAt?: string;
    closedAt?: string;
  }) => {
    const customerId = await api.createCustomer(`Dash ${o.amount}`);
    // A deal closed in the past was opened before it: early enough for every close below.
    const createdAt = o.createdAt ?? (o.closedAt ? '2025-01-01T00:00:00Z' : undefined);
    const { id } = await api.createOpportunity({
      customerId,
      ownerId: o.owner,
      amount: { amount: o.amount, currency: o.currency ?? 'EUR' },
      closeDate: o.closeDate,
      ...(o.stageId ? { stageId: o.stageId } : {}),
      ...(createdAt ? { occurredAt: createdAt } : {}),
    });
    if (o.outcome) {
      await api.ok(`mutation($i: CloseOpportunityInput!) { ${o.outcome}Opportunity(input: $i) { id } }`, {
        i: { id, reason: 'test', ...(o.closedAt ? { occurredAt: o.closedAt } : {}) },
      });
    }
    return id;
  };

  beforeAll(async () => {
    // The period is Q1 2026; last year's is Q1 2025.
    await deal({ owner: ALICE, amount: '1000.00', closeDate: '2026-02-10', stageId: NEW_BUSINESS.prospecting });
    await deal({ owner: BOB, amount: '500.50', closeDate: '2026-03-31', stageId: NEW_BUSINESS.prospecting });
    await deal({ owner: ALICE, amount: '2000', closeDate: '2026-01-15', stageId: NEW_BUSINESS.proposal });
    // Closes after the period: counts nowhere.
    await deal({ owner: ALICE, amount: '3000', closeDate: '2026-04-01', stageId: NEW_BUSINESS.negotiation });
    // Won after 31 and 50.5 days.
    await deal({
      owner: ALICE,
      amount: '4000',
      closeDate: '2026-02-01',
      outcome: 'win',
      createdAt: '2026-01-01T00:00:00Z',
      closedAt: '2026-02-01T00:00:00Z',
    });
    await deal({
      owner: BOB,
      amount: '6000',
      closeDate: '2026-03-01',
      outcome: 'win',
      createdAt: '2026-01-11T00:00:00Z',
      closedAt: '2026-03-02T12:00:00Z',
    });
    await deal({ owner: ALICE, amount: '1500', closeDate: '2026-03-10', outcome: 'lose', closedAt: '2026-03-10T09:00:00Z' });
    // Another owner's and another currency's: outside the scope.
    await deal({ owner: CAROL, amount: '9999', closeDate: '2026-02-01', stageId: NEW_BUSINESS.prospecting });
    await deal({ owner: ALICE, amount: '7777', currency: 'USD', closeDate: '2026-02-01', stageId: NEW_BUSINESS.prospecting });
    // Last year: won in Q1 2025 (a CLOSED figure then, not a win now) and an open proposal that closed then.
    await deal({ owner: ALICE, amount: '2500', closeDate: '2025-02-15', outcome: 'win', closedAt: '2025-02-15T10:00:00Z' });
    await deal({ owner: BOB, amount: '800', closeDate: '2025-03-31', stageId: NEW_BUSINESS.proposal });
  });

  it('computes every figure for a team and a period, against the same period last year', async () => {
    const res = await dashboard({ owners: [ALICE, BOB], from: '2026-01-01', to: '2026-03-31', currency: 'eur' });
    expect(res.errors).toBeUndefined();
    const eur = (amount: string) => ({ amount, currency: 'EUR' });
    expect(res.data!.salesDashboard).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
      currency: 'EUR',
      pipelineByStage: [
        {
          stageId: NEW_BUSINESS.prospecting,
          stageName: 'Prospecting',
          pipelineName: 'New business',
          count: 2,
          amount: eur('1500.50'),
        },
        { stageId: NEW_BUSINESS.proposal, stageName: 'Proposal', pipelineName: 'New business', count: 1, amount: eur('2000.00') },
      ],
      wonCount: 2,
      lostCount: 1,
      wonAmount: eur('10000.00'),
      winRate: 0.6667,
      averageDealSize: eur('5000.00'),
      averageSalesCycleDays: 40.8,
      forecast: [
        { category: 'PIPELINE', count: 2, amount: { amount: '1500.50' }, lastYearCount: 0, lastYearAmount: { amount: '0.00' } },
        { category: 'BEST_CASE', count: 1, amount: { amount: '2000.00' }, lastYearCount: 1, lastYearAmount: { amount: '800.00' } },
        { category: 'COMMIT', count: 0, amount: { amount: '0.00' }, lastYearCount: 0, lastYearAmount: { amount: '0.00' } },
        { category: 'CLOSED', count: 2, amount: { amount: '10000.00' }, lastYearCount: 1, lastYearAmount: { amount: '2500.00' } },
        { category: 'OMITTED', count: 1, amount: { amount: '1500.00' }, lastYearCount: 0, lastYearAmount: { amount: '0.00' } },
      ],
    });
  });

  it('narrows to one user, and answers empty figures (null rates) where nothing closed', async () => {
    const bob = (await dashboard({ owners: [BOB], from: '2026-01-01', to: '2026-03-31', currency: 'EUR' })).data!.salesDashboard;
    expect(bob).toMatchObject({
      wonCount: 1,
      lostCount: 0,
      winRate: 1,
      averageDealSize: { amount: '6000.00' },
      averageSalesCycleDays: 50.5,
    });
    const empty = (await dashboard({ owners: [CAROL], from: '2026-01-01', to: '2026-03-31', currency: 'EUR' })).data!.salesDashboard;
    expect(empty).toMatchObject({ wonCount: 0, lostCount: 0, winRate: null, averageDealSize: null, averageSalesCycleDays: null });
    expect((empty.pipelineByStage as unknown[]).length).toBe(1);
    const renewals = (
      await dashboard({ owners: [ALICE, BOB], from: '2026-01-01', to: '2026-03-31', currency: 'EUR', pipelineId: RENEWALS.id })
    ).data!.salesDashboard;
    expect(renewals).toMatchObject({ pipelineByStage: [], wonCount: 0, lostCount: 0 });
  });

  it('computes in SQL: three aggregate statements, no opportunity rows loaded', async () => {
    const statements = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    await dashboard({ from: '2026-01-01', to: '2026-03-31', currency: 'EUR' });
    const reads = statements.mock.calls.filter(([sql]) => /FROM opportunity o/.test(String(sql)));
    statements.mockRestore();
    expect(reads).toHaveLength(3);
    expect(reads.every(([sql]) => /count\(|sum\(/.test(String(sql)))).toBe(true);
  });

  it.each([
    ['an unknown currency', { from: '2026-01-01', to: '2026-03-31', currency: 'XYZ' }, 'currency'],
    ['a malformed date', { from: '2026-02-30', to: '2026-03-31', currency: 'EUR' }, 'from'],
    ['a period that ends before it starts', { from: '2026-03-31', to: '2026-01-01', currency: 'EUR' }, 'to'],
    ['a malformed owner id', { owners: ['me'], from: '2026-01-01', to: '2026-03-31', currency: 'EUR' }, 'ownerIds'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_case, args, field) => {
    const res = await dashboard(args);
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
  });
});
