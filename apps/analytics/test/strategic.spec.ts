import { randomUUID } from 'node:crypto';
import {
  ActivityCreated,
  CaseOpened,
  OpportunityImported,
} from '@crm/contracts';
import { startEventSender, startTestSubgraph, type EventSender, type TestSubgraph } from '@crm/subgraph-testing';
import { eventually } from '@crm/testing';
import { analyticsSubgraph } from '../src/analytics.subgraph';

/**
 * Strategic reports over the warehouse: product issue rates, the forecast, retention cohorts and
 * campaign attribution,
 * each on a small hand-built history whose figures are reckoned here. Each test keeps to its own
 * years, so the others' facts never fall in its periods.
 */
describe('strategic reports: product issue rates, forecast, retention cohorts', () => {
  let analytics: TestSubgraph;
  let events: EventSender;
  const gql: TestSubgraph['gql'] = (query, variables) => analytics.gql(query, variables);

  beforeAll(async () => {
    analytics = await startTestSubgraph(analyticsSubgraph);
    events = await startEventSender(analytics.brokers);
  });

  afterAll(async () => {
    await events?.close();
    await analytics?.close();
  });

  const PIPELINE = randomUUID();
  const [WON_STAGE, LOST_STAGE] = [randomUUID(), randomUUID()];

  /** A deal as sales' history import publishes it: each stage it was open in, then its close. */
  const deal = async (d: {
    customerId?: string;
    stages: string[];
    status: 'OPEN' | 'WON' | 'LOST';
    amount?: string;
    currency?: string;
    createdAt: string;
    closedAt?: string;
    closeDate?: string;
    lines?: { productId: string; quantity: string }[];
  }): Promise<string> => {
    const opportunityId = randomUUID();
    const currency = d.currency ?? 'EUR';
    const money = (amount: string) => ({ amount, currency });
    const steps: { stageId: string; status: 'OPEN' | 'WON' | 'LOST'; at: string }[] = d.stages.map((stageId) => ({
      stageId,
      status: 'OPEN',
      at: d.createdAt,
    }));
    if (d.status !== 'OPEN') steps.push({ stageId: d.status === 'WON' ? WON_STAGE : LOST_STAGE, status: d.status, at: d.closedAt! });
    await events.send(
      OpportunityImported,
      {
        opportunityId,
        externalId: opportunityId,
        customerId: d.customerId ?? randomUUID(),
        name: 'Deal',
        amount: money(d.amount ?? '100.00'),
        closeDate: d.closeDate ?? (d.closedAt ?? d.createdAt).slice(0, 10),
        ownerId: null,
        pipelineId: PIPELINE,
        stageId: steps.at(-1)!.stageId,
        status: d.status,
        closeReason: d.status === 'OPEN' ? null : 'history',
        createdAt: d.createdAt,
        closedAt: d.closedAt ?? null,
        stages: steps,
        lines: (d.lines ?? []).map((l) => ({
          productId: l.productId,
          quantity: l.quantity,
          unitPrice: money('10.00'),
          discountPercent: '0',
          net: money('10.00'),
        })),
      },
      { time: d.createdAt },
    );
    return opportunityId;
  };
  const caseAbout = (customerId: string, productId: string | null, openedAt: string) =>
    events.send(
      CaseOpened,
      { caseId: randomUUID(), customerId, subject: 'Broken', priority: 'NORMAL', status: 'NEW', openedAt, productId },
      { time: openedAt },
    );
  const activity = (customerId: string, createdAt: string, automated = false) =>
    events.send(
      ActivityCreated,
      {
        activityId: randomUUID(),
        customerId,
        contactId: null,
        opportunityId: null,
        type: 'CALL',
        subject: 'Call',
        ownerId: null,
        dueAt: null,
        remindAt: null,
        automated,
        createdBy: null,
        createdAt,
      },
      { time: createdAt },
    );
  const count = async (sql: string, params: unknown[]): Promise<number> =>
    Number((await analytics.sql<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params))[0]!.n);
  /** Waits until the warehouse consumer has applied this many deals and cases of the test. */
  const applied = (deals: string[], cases: { customers: string[]; n: number } | null = null) =>
    eventually(async () => {
      expect(await count('warehouse.fact_opportunity_snapshot WHERE opportunity_id = ANY($1)', [deals])).toBe(deals.length);
      if (cases) expect(await count('warehouse.fact_case WHERE customer_id = ANY($1)', [cases.customers])).toBe(cases.n);
    });
  const badInput = async (query: string, field: string) => {
    const res = await gql(query);
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(JSON.stringify(res)).not.toMatch(/stack|QueryFailedError|node_modules/);
  };

  describe('product issue rates', () => {
    const RATES = `query($ids: [ID!]) { productIssueRates(grain: QUARTER, from: "2021-01-15", to: "2021-06-30", productIds: $ids) {
      grain truncated rows { productId period cases unitsSold casesPer100Units previousCasesPer100Units change } } }`;

    it('counts cases per 100 units of won lines per quarter, with the change from the quarter before', async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      const customer = randomUUID();
      const deals = [
        // 2020 Q4: 50 units of A, 5 cases: 10 per 100.
        await deal({
          stages: [randomUUID()],
          status: 'WON',
          createdAt: '2020-10-01T09:00:00Z',
          closedAt: '2020-11-02T09:00:00Z',
          lines: [{ productId: a, quantity: '50' }],
        }),
        // 2021 Q1: 10 + 10 units of A, 5 of B; the lost deal's 100 units of A count for nothing.
        await deal({
          stages: [randomUUID()],
          status: 'WON',
          createdAt: '2021-01-05T09:00:00Z',
          closedAt: '2021-02-10T09:00:00Z',
          lines: [
            { productId: a, quantity: '10' },
            { productId: b, quantity: '5' },
          ],
        }),
        await deal({
          stages: [randomUUID()],
          status: 'WON',
          createdAt: '2021-01-05T09:00:00Z',
          closedAt: '2021-03-05T09:00:00Z',
          lines: [{ productId: a, quantity: '10' }],
        }),
        await deal({
          stages: [randomUUID()],
          status: 'LOST',
          createdAt: '2021-01-05T09:00:00Z',
          closedAt: '2021-03-06T09:00:00Z',
          lines: [{ productId: a, quantity: '100' }],
        }),
        // 2021 Q2: 40 units of A, none of B.
        await deal({
          stages: [randomUUID()],
          status: 'WON',
          createdAt: '2021-04-05T09:00:00Z',
          closedAt: '2021-05-01T09:00:00Z',
          lines: [{ productId: a, quantity: '40' }],
        }),
      ];
      for (const day of ['2020-10-05', '2020-10-06', '2020-11-01', '2020-12-01', '2020-12-24'])
        await caseAbout(customer, a, `${day}T10:00:00Z`);
      for (const day of ['2021-01-10', '2021-02-10', '2021-03-31']) await caseAbout(customer, a, `${day}T10:00:00Z`);
      await caseAbout(customer, b, '2021-02-01T10:00:00Z');
      for (const day of ['2021-04-02', '2021-06-30']) await caseAbout(customer, a, `${day}T10:00:00Z`);
      await caseAbout(customer, b, '2021-05-01T10:00:00Z');
      await caseAbout(customer, null, '2021-05-01T10:00:00Z'); // about no product
      await caseAbout(customer, a, '2021-07-01T10:00:00Z'); // the quarter after
      await applied(deals, { customers: [customer], n: 14 });

      const res = await gql<{ productIssueRates: { grain: string; truncated: boolean; rows: Record<string, unknown>[] } }>(RATES, {
        ids: [a, b],
      });
      expect(res.errors).toBeUndefined();
      const row = (
        productId: string,
        period: string,
        cases: number,
        unitsSold: string,
        rate: string | null,
        previous: string | null,
        change: string | null,
      ) => ({
        productId,
        period,
        cases,
        unitsSold,
        casesPer100Units: rate,
        previousCasesPer100Units: previous,
        change,
      });
      const expected = [
        // A: 3 cases / 20 units = 15 per 100, up 5 from 10; then 2 / 40 = 5, down 10.
        row(a, '2021-01-01', 3, '20.0000', '15.0000', '10.0000', '5.0000'),
        row(a, '2021-04-01', 2, '40.0000', '5.0000', '15.0000', '-10.0000'),
        // B: 1 / 5 = 20 per 100, nothing sold before; then a case but no unit sold: no rate.
        row(b, '2021-01-01', 1, '5.0000', '20.0000', null, null),
        row(b, '2021-04-01', 1, '0', null, '20.0000', null),
      ].sort((x, y) => x.productId.localeCompare(y.productId));
      expect(res.data!.productIssueRates).toEqual({ grain: 'QUARTER', truncated: false, rows: expected });

      // The same figures from the OLAP cube, for any grouping the catalogue allows.
      const olap = await gql<{ olap: unknown }>(
        `query($q: OlapQueryInput!) { olap(query: $q) { dimensions measures rows { keys subtotal values } truncated } }`,
        {
          q: {
            cube: 'productIssues',
            measures: ['cases', 'unitsSold', 'casesPer100Units'],
            dimensions: [{ name: 'product' }, { name: 'date', grain: 'QUARTER' }],
            filters: [
              { name: 'product', in: [a] },
              { name: 'date', grain: 'QUARTER', in: ['2021-01-01', '2021-04-01'] },
            ],
          },
        },
      );
      expect(olap.data!.olap).toEqual({
        dimensions: ['product', 'date:QUARTER'],
        measures: ['cases', 'unitsSold', 'casesPer100Units'],
        rows: [
          { keys: [a, '2021-01-01'], subtotal: [false, false], values: ['3', '20.0000', '15.0000'] },
          { keys: [a, '2021-04-01'], subtotal: [false, false], values: ['2', '40.0000', '5.0000'] },
        ],
        truncated: false,
      });

      const page = await gql<{ productIssueRates: { truncated: boolean; rows: unknown[] } }>(
        `query($ids: [ID!]) { productIssueRates(grain: MONTH, from: "2021-01-01", to: "2021-06-30", productIds: $ids, first: 3) { truncated rows { period } } }`,
        { ids: [a, b] },
      );
      expect(page.data!.productIssueRates.rows).toHaveLength(3);
      expect(page.data!.productIssueRates.truncated).toBe(true);
    });

    it.each([
      ['a range ending before it starts', '{ productIssueRates(grain: MONTH, from: "2021-03-01", to: "2021-01-01") { truncated } }', 'to'],
      ['more than 36 periods', '{ productIssueRates(grain: MONTH, from: "2020-01-01", to: "2023-01-01") { truncated } }', 'to'],
      ['a date that does not exist', '{ productIssueRates(grain: YEAR, from: "2021-02-30", to: "2022-01-01") { truncated } }', 'from'],
      [
        'a product id that is no UUID',
        '{ productIssueRates(grain: YEAR, from: "2021-01-01", to: "2022-01-01", productIds: ["42"]) { truncated } }',
        'productIds',
      ],
    ])('refuses %s with BAD_USER_INPUT naming the field', (_case, query, field) => badInput(query, field));
  });

});
