import { randomUUID } from 'node:crypto';
import {
  ActivityCreated,
  CampaignCreated,
  CampaignCreatedV2,
  CampaignMemberChanged,
  CampaignUpdatedV2,
  CaseOpened,
  EmailClicked,
  EmailOpened,
  EmailSent,
  FormSubmitted,
  LeadConverted,
  LeadStatusChanged,
  OpportunityImported,
  OpportunityWon,
} from '@crm/contracts';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { eventually } from '@crm/testing';
import { analyticsSubgraph } from '../src/analytics.subgraph';

/**
 * Strategic reports over the warehouse: product issue rates, the forecast, retention cohorts and
 * campaign attribution,
 * each on a small hand-built history whose figures are reckoned here. Each test keeps to its own
 * years, so the others' facts never fall in its periods.
 */
describe('strategic reports: product issue rates, forecast, retention cohorts', () => {
  const analytics = useTestSubgraph(analyticsSubgraph);
  const { events, gql } = analytics;

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

  describe('the forecast', () => {
    const FORECAST = `query($threshold: String) { forecast(grain: QUARTER, period: "2025-05-20", asOf: "2025-06-15T12:00:00Z", commitThreshold: $threshold) {
      grain periodStart periodEnd lookbackDays commitThreshold businessDays businessDaysElapsed
      stages { stageId openDeals openAmount { amount currency } closedDeals wonDeals winRate basis weightedAmount { amount currency } }
      totals { currency won { amount } openPipeline { amount } weightedPipeline { amount } expected { amount } committed { amount }
        bestCase { amount } samePeriodLastYear { amount } runRate { amount } } } }`;
    const [QUAL, PROP, NEGO, FRESH] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

    /** Monday to Friday in [from, to), one day at a time: the test's own count. */
    const weekdays = (from: string, to: string): number => {
      let n = 0;
      for (let t = Date.parse(from); t < Date.parse(to); t += 86_400_000) n += [0, 6].includes(new Date(t).getUTCDay()) ? 0 : 1;
      return n;
    };
    /** amount (in ten-thousandths) × num / den, rounded half up to four places, as text. */
    const ratio = (units: bigint, num: number, den: number): string => {
      const x = (units * BigInt(num) * 2n + BigInt(den)) / (2n * BigInt(den));
      return `${x / 10_000n}.${(x % 10_000n).toString().padStart(4, '0')}`;
    };

    it('weights Q2 2025 by the win rate each stage had over the year before asOf, with committed, best case, last year and a run rate', async () => {
      const deals = [
        // History: closed in the year before asOf (2024-06-15T12:00 to 2025-06-15T12:00).
        await deal({ stages: [QUAL, PROP, NEGO], status: 'WON', createdAt: '2024-07-01T09:00:00Z', closedAt: '2024-09-10T09:00:00Z' }),
        await deal({ stages: [QUAL, PROP], status: 'LOST', createdAt: '2024-07-01T09:00:00Z', closedAt: '2024-10-01T09:00:00Z' }),
        await deal({ stages: [QUAL], status: 'LOST', createdAt: '2024-07-01T09:00:00Z', closedAt: '2024-11-01T09:00:00Z' }),
        await deal({ stages: [QUAL, PROP, NEGO], status: 'WON', createdAt: '2024-08-01T09:00:00Z', closedAt: '2025-01-15T09:00:00Z' }),
        // Won in the quarter, before asOf: counts as won and in QUAL's history.
        await deal({
          stages: [QUAL],
          status: 'WON',
          amount: '1200.00',
          createdAt: '2025-03-01T09:00:00Z',
          closedAt: '2025-04-10T09:00:00Z',
        }),
        // Closed before the look-back: in no rate.
        await deal({ stages: [QUAL], status: 'LOST', createdAt: '2023-01-01T09:00:00Z', closedAt: '2023-02-01T09:00:00Z' }),
        // The same quarter a year before (and before the look-back).
        await deal({
          stages: [QUAL],
          status: 'WON',
          amount: '700.00',
          createdAt: '2024-04-01T09:00:00Z',
          closedAt: '2024-05-05T09:00:00Z',
        }),
        await deal({
          stages: [QUAL],
          status: 'WON',
          amount: '300.00',
          currency: 'USD',
          createdAt: '2024-04-01T09:00:00Z',
          closedAt: '2024-06-01T09:00:00Z',
        }),
        // Open, closing in the quarter.
        await deal({ stages: [QUAL], status: 'OPEN', amount: '1000.00', createdAt: '2025-04-01T09:00:00Z', closeDate: '2025-06-30' }),
        await deal({ stages: [QUAL, PROP], status: 'OPEN', amount: '3000.00', createdAt: '2025-04-01T09:00:00Z', closeDate: '2025-05-31' }),
        await deal({
          stages: [QUAL, PROP, NEGO],
          status: 'OPEN',
          amount: '2500.00',
          createdAt: '2025-04-01T09:00:00Z',
          closeDate: '2025-04-30',
        }),
        await deal({
          stages: [QUAL, PROP],
          status: 'OPEN',
          amount: '1500.00',
          currency: 'USD',
          createdAt: '2025-04-01T09:00:00Z',
          closeDate: '2025-06-01',
        }),
        await deal({ stages: [FRESH], status: 'OPEN', amount: '1000.00', createdAt: '2025-04-01T09:00:00Z', closeDate: '2025-06-02' }),
        // Open, closing after the quarter.
        await deal({
          stages: [QUAL, PROP, NEGO],
          status: 'OPEN',
          amount: '4000.00',
          createdAt: '2025-04-01T09:00:00Z',
          closeDate: '2025-07-15',
        }),
      ];
      await applied(deals);

      // Passed through and closed in the look-back: QUAL 5 (3 won), PROP 3 (2 won), NEGO 2 (2 won); FRESH none, so all 5 closed (3 won).
      const stage = (stageId: string, currency: string, amount: string, closed: number, won: number, basis: string) => ({
        stageId,
        openDeals: 1,
        openAmount: { amount, currency },
        closedDeals: closed,
        wonDeals: won,
        winRate: ratio(10_000n, won, closed),
        basis,
        weightedAmount: { amount: ratio(BigInt(Number(amount) * 10_000), won, closed), currency },
      });
      const byId = (x: { stageId: string }, y: { stageId: string }) => x.stageId.localeCompare(y.stageId);
      const expectedStages = [
        ...[
          stage(QUAL, 'EUR', '1000.0000', 5, 3, 'STAGE_HISTORY'),
          stage(PROP, 'EUR', '3000.0000', 3, 2, 'STAGE_HISTORY'),
          stage(NEGO, 'EUR', '2500.0000', 2, 2, 'STAGE_HISTORY'),
          stage(FRESH, 'EUR', '1000.0000', 5, 3, 'ALL_DEALS'),
        ].sort(byId),
        stage(PROP, 'USD', '1500.0000', 3, 2, 'STAGE_HISTORY'),
      ];
      const businessDays = weekdays('2025-04-01', '2025-07-01');
      const elapsed = weekdays('2025-04-01', '2025-06-16');
      // EUR weighted: 1000 × 3/5 + 3000 × 2/3 + 2500 × 2/2 + 1000 × 3/5 = 5700; USD: 1500 × 2/3 = 1000.
      const eur = {
        currency: 'EUR',
        won: { amount: '1200.0000' },
        openPipeline: { amount: '7500.0000' },
        weightedPipeline: { amount: '5700.0000' },
        expected: { amount: '6900.0000' },
        committed: { amount: '3700.0000' }, // 1200 won + NEGO's 2500 (rate 1 ≥ 0.7)
        bestCase: { amount: '8700.0000' },
        samePeriodLastYear: { amount: '700.0000' },
        runRate: { amount: ratio(1200_0000n, businessDays, elapsed) },
      };
      const usd = {
        currency: 'USD',
        won: { amount: '0.0000' },
        openPipeline: { amount: '1500.0000' },
        weightedPipeline: { amount: '1000.0000' },
        expected: { amount: '1000.0000' },
        committed: { amount: '0.0000' },
        bestCase: { amount: '1500.0000' },
        samePeriodLastYear: { amount: '300.0000' },
        runRate: { amount: '0.0000' },
      };
      const res = await gql<{ forecast: Record<string, unknown> }>(FORECAST, {});
      expect(res.errors).toBeUndefined();
      expect(res.data!.forecast).toEqual({
        grain: 'QUARTER',
        periodStart: '2025-04-01',
        periodEnd: '2025-06-30',
        lookbackDays: 365,
        commitThreshold: '0.7',
        businessDays,
        businessDaysElapsed: elapsed,
        stages: expectedStages,
        totals: [eur, usd],
      });
      expect([businessDays, elapsed]).toEqual([65, 54]);

      // At 0.6, QUAL (0.6), PROP (0.6667) and FRESH (0.6) are committed too: every open deal is.
      const lower = await gql<{ forecast: { totals: { committed: { amount: string } }[] } }>(FORECAST, { threshold: '0.6' });
      expect(lower.data!.forecast.totals.map((t) => t.committed.amount)).toEqual(['8700.0000', '1500.0000']);
    });

    it.each([
      [
        'a threshold above 1',
        '{ forecast(grain: QUARTER, period: "2025-01-01", commitThreshold: "1.5") { businessDays } }',
        'commitThreshold',
      ],
      ['a look-back of 0 days', '{ forecast(grain: QUARTER, period: "2025-01-01", lookbackDays: 0) { businessDays } }', 'lookbackDays'],
      ['a period that is no date', '{ forecast(grain: YEAR, period: "next year") { businessDays } }', 'period'],
    ])('refuses %s with BAD_USER_INPUT naming the field', (_case, query, field) => badInput(query, field));
  });

  describe('retention cohorts', () => {
    it('groups customers by the month of their first won deal and counts the active ones in each month since', async () => {
      const [c1, c2, c3, c4, c5] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const won = (customerId: string, closedAt: string) =>
        deal({ customerId, stages: [randomUUID()], status: 'WON', createdAt: '2022-11-01T09:00:00Z', closedAt });
      const deals = [
        await won(c1, '2023-01-10T09:00:00Z'),
        await won(c2, '2023-01-20T09:00:00Z'),
        await won(c2, '2023-03-03T09:00:00Z'),
        await won(c3, '2023-02-14T09:00:00Z'),
        await won(c4, '2022-12-20T09:00:00Z'), // a December cohort: before the range
        await deal({
          customerId: c5,
          stages: [randomUUID()],
          status: 'LOST',
          createdAt: '2022-11-01T09:00:00Z',
          closedAt: '2023-01-05T09:00:00Z',
        }),
      ];
      await activity(c1, '2023-02-05T09:00:00Z');
      await activity(c3, '2023-03-01T09:00:00Z', true); // automated: no sign of the customer
      await activity(c4, '2023-01-05T09:00:00Z');
      await caseAbout(c1, null, '2023-04-02T09:00:00Z');
      await caseAbout(c3, null, '2023-04-20T09:00:00Z');
      await caseAbout(c1, null, '2023-05-02T09:00:00Z'); // after the last month
      await applied(deals, { customers: [c1, c3], n: 3 });
      await eventually(async () => expect(await count('warehouse.fact_activity WHERE customer_id = ANY($1)', [[c1, c3, c4]])).toBe(3));

      const res = await gql<{ retentionCohorts: unknown[] }>(
        '{ retentionCohorts(from: "2023-01-31", to: "2023-04-01") { month customers active retention } }',
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.retentionCohorts).toEqual([
        // c1 and c2: both in January; c1 in February (a call), c2 in March (a deal), c1 in April (a case).
        { month: '2023-01-01', customers: 2, active: [2, 1, 1, 1], retention: ['1.0000', '0.5000', '0.5000', '0.5000'] },
        // c3: February; nothing a person did in March; a case in April.
        { month: '2023-02-01', customers: 1, active: [1, 0, 1], retention: ['1.0000', '0.0000', '1.0000'] },
      ]);
    });

    it('refuses a range ending before it starts, or longer than 36 months, naming to', async () => {
      await badInput('{ retentionCohorts(from: "2023-02-01", to: "2023-01-31") { month } }', 'to');
      await badInput('{ retentionCohorts(from: "2020-01-01", to: "2023-01-01") { month } }', 'to');
    });
  });

  describe('campaign performance and attribution', () => {
    const REPORT = `query($ids: [ID!]) { campaignAttribution(from: "2026-01-01", to: "2026-03-31", campaignIds: $ids) { truncated campaigns {
      campaignId name sends opens clicks leads mqls opportunities
      attribution { currency firstTouchPipeline { amount } lastTouchPipeline { amount } linearPipeline { amount }
        firstTouchWon { amount } lastTouchWon { amount } linearWon { amount } }
      budget { amount currency } actualCost { amount currency } costPerLead { amount currency }
      roi { currency firstTouch lastTouch linear } } } }`;

    it('credits a hand-built journey first-touch, last-touch and linearly, counts each campaign’s reach, and reckons cost per lead and ROI', async () => {
      const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const customerId = randomUUID();
      const [lead, stranger, contact] = [randomUUID(), randomUUID(), randomUUID()];
      const created = { campaignType: 'EMAIL', status: 'ACTIVE', parentId: null, createdAt: '2025-12-01T09:00:00Z' };
      const eur = (amount: string) => ({ amount, currency: 'EUR' });
      // A: a budget at first, its cost known from a later update; B: a cost in dollars; C: only v1 (no cost known); D: costs nothing.
      await events.send(CampaignCreatedV2, {
        ...created,
        campaignId: a,
        name: 'A spring mailing',
        budget: eur('1000.00'),
        actualCost: null,
      });
      await events.send(CampaignUpdatedV2, {
        campaignId: a,
        changed: ['actualCost'],
        name: 'A spring mailing',
        status: 'ACTIVE',
        parentId: null,
        budget: eur('1000.00'),
        actualCost: eur('700'),
        updatedAt: '2025-12-02T09:00:00Z',
      });
      await events.send(CampaignCreatedV2, {
        ...created,
        campaignId: b,
        name: 'B webinar',
        budget: null,
        actualCost: { amount: '250', currency: 'USD' },
      });
      await events.send(CampaignCreated, { ...created, campaignId: c, name: 'C trade fair' });
      await events.send(CampaignCreatedV2, { ...created, campaignId: d, name: 'D free post', budget: null, actualCost: eur('0') });
      const form = (leadId: string, customer: string | null, submittedAt: string) =>
        events.send(
          FormSubmitted,
          {
            leadId,
            customerId: customer,
            email: 'x@example.com',
            submissionId: randomUUID(),
            formId: randomUUID(),
            formName: 'Spring',
            isNewLead: true,
            scorePoints: 5,
            consent: { text: null, given: false },
            campaignId: a,
            utm: { source: null, medium: null, term: null },
            submittedAt,
          },
          { time: submittedAt },
        );
      const mail = async (campaignId: string, personId: string, customer: string | null, sentAt: string, clickedAt?: string) => {
        const m = {
          messageId: randomUUID(),
          campaignId,
          personKind: 'CONTACT' as const,
          personId,
          customerId: customer,
          email: 'x@example.com',
        };
        await events.send(EmailSent, { ...m, sentAt }, { time: sentAt });
        if (!clickedAt) return;
        await events.send(EmailOpened, { ...m, openedAt: clickedAt }, { time: clickedAt });
        await events.send(EmailClicked, { ...m, url: 'https://example.com', clickedAt }, { time: clickedAt });
      };
      // The journey: A's form (Jan 5), B's email clicked (Jan 10), the lead joins C (Jan 12), the first deal (Jan 15),
      // A's email clicked (Jan 20), the second deal (Jan 25).
      await form(lead, customerId, '2026-01-05T09:00:00Z');
      await form(stranger, null, '2026-01-06T09:00:00Z');
      await mail(b, contact, customerId, '2026-01-09T09:00:00Z', '2026-01-10T09:00:00Z');
      await events.send(
        CampaignMemberChanged,
        {
          campaignId: c,
          campaignName: 'C trade fair',
          personKind: 'LEAD',
          personId: lead,
          customerId,
          from: null,
          to: 'INVITED',
          changedAt: '2026-01-12T09:00:00Z',
        },
        { time: '2026-01-12T09:00:00Z' },
      );
      await events.send(
        LeadStatusChanged,
        {
          leadId: lead,
          customerId,
          email: 'x@example.com',
          from: 'NEW',
          to: 'QUALIFIED',
          reason: null,
          changedBy: null,
          changedAt: '2026-01-13T09:00:00Z',
        },
        { time: '2026-01-13T09:00:00Z' },
      );
      const first = await deal({
        customerId,
        stages: [randomUUID()],
        status: 'OPEN',
        amount: '900.00',
        createdAt: '2026-01-15T09:00:00Z',
        closeDate: '2026-02-01',
      });
      await mail(a, contact, customerId, '2026-01-19T09:00:00Z', '2026-01-20T09:00:00Z');
      await mail(a, randomUUID(), null, '2026-01-19T09:00:00Z');
      const second = await deal({
        customerId,
        stages: [randomUUID()],
        status: 'OPEN',
        amount: '300.00',
        createdAt: '2026-01-25T09:00:00Z',
        closeDate: '2026-03-01',
      });
      await events.send(
        OpportunityWon,
        {
          opportunityId: first,
          customerId,
          name: 'Deal',
          amount: { amount: '900.00', currency: 'EUR' },
          closeDate: '2026-02-01',
          ownerId: null,
          partnerId: null,
          pipelineId: PIPELINE,
          stageId: WON_STAGE,
          status: 'WON',
          reason: 'fit',
          closedBy: null,
          closedAt: '2026-02-01T09:00:00Z',
        },
        { time: '2026-02-01T09:00:00Z' },
      );
      await eventually(async () => {
        expect(await count('warehouse.fact_deal WHERE opportunity_id = $1', [first])).toBe(1);
        expect(await count('warehouse.fact_opportunity_snapshot WHERE opportunity_id = $1', [second])).toBe(1);
        expect(await count('warehouse.fact_email WHERE campaign_id = ANY($1) AND first_clicked_at IS NOT NULL', [[a, b]])).toBe(2);
        expect(await count('warehouse.fact_campaign_member WHERE campaign_id = $1', [c])).toBe(1);
        expect(await count('warehouse.fact_lead_qualified WHERE lead_id = $1', [lead])).toBe(1);
        expect(await count('warehouse.fact_form_submission WHERE campaign_id = $1', [a])).toBe(2);
        expect(await count('warehouse.dim_campaign WHERE campaign_id = ANY($1) AND actual_cost_amount IS NOT NULL', [[a, b, d]])).toBe(3);
      });

      // The first deal (900) was touched by A, B, C: first A, last C, a third each (300).
      // The second (300) by A, B, C, A: first and last A, a quarter each (75), so A has 150 of it.
      const credit = (pipeline: [string, string, string], won: [string, string, string]) => [
        {
          currency: 'EUR',
          firstTouchPipeline: { amount: pipeline[0] },
          lastTouchPipeline: { amount: pipeline[1] },
          linearPipeline: { amount: pipeline[2] },
          firstTouchWon: { amount: won[0] },
          lastTouchWon: { amount: won[1] },
          linearWon: { amount: won[2] },
        },
      ];
      // Costs: A cost 700 EUR for 2 leads (350 each) and won 900 first-touch, 0 last-touch, 300 linearly:
      // 900 / 700 = 1.285714... and 300 / 700 = 0.428571..., to four places. B's cost is in dollars and it
      // credited only euros: nothing won in its currency. C's cost is unknown, D's zero: no ROI.
      const costs = (budget: unknown, actualCost: unknown, costPerLead: unknown, roi: unknown) => ({
        budget,
        actualCost,
        costPerLead,
        roi,
      });
      const res = await gql<{ campaignAttribution: unknown }>(REPORT, { ids: [c, b, a, d] });
      expect(res.errors).toBeUndefined();
      expect(res.data!.campaignAttribution).toEqual({
        truncated: false,
        campaigns: [
          {
            campaignId: a,
            name: 'A spring mailing',
            ...{ sends: 2, opens: 1, clicks: 1, leads: 2, mqls: 1, opportunities: 2 },
            attribution: credit(['1200.0000', '300.0000', '450.0000'], ['900.0000', '0.0000', '300.0000']),
            ...costs(eur('1000.0000'), eur('700.0000'), eur('350.0000'), {
              currency: 'EUR',
              firstTouch: '1.2857',
              lastTouch: '0.0000',
              linear: '0.4286',
            }),
          },
          {
            campaignId: b,
            name: 'B webinar',
            ...{ sends: 1, opens: 1, clicks: 1, leads: 0, mqls: 0, opportunities: 2 },
            attribution: credit(['0.0000', '0.0000', '375.0000'], ['0.0000', '0.0000', '300.0000']),
            ...costs(null, { amount: '250.0000', currency: 'USD' }, null, {
              currency: 'USD',
              firstTouch: '0.0000',
              lastTouch: '0.0000',
              linear: '0.0000',
            }),
          },
          {
            campaignId: c,
            name: 'C trade fair',
            ...{ sends: 0, opens: 0, clicks: 0, leads: 1, mqls: 1, opportunities: 2 },
            attribution: credit(['0.0000', '900.0000', '375.0000'], ['0.0000', '900.0000', '300.0000']),
            ...costs(null, null, null, null),
          },
          {
            campaignId: d,
            name: 'D free post',
            ...{ sends: 0, opens: 0, clicks: 0, leads: 0, mqls: 0, opportunities: 0 },
            attribution: [],
            ...costs(null, eur('0.0000'), null, null),
          },
        ],
      });

      // The OLAP cubes report each deal under its first touch, A, as A's first-touch credit above: the
      // won 900 and the open 300. No lead's conversion opened either: no source.
      const byOrigin = async (cube: string, measures: string[]) => {
        const olap = await gql<{ olap: { rows: unknown[] } }>('query($q: OlapQueryInput!) { olap(query: $q) { rows { keys values } } }', {
          q: { cube, measures, dimensions: [{ name: 'campaign' }, { name: 'source' }], filters: [{ name: 'customer', in: [customerId] }] },
        });
        expect(olap.errors).toBeUndefined();
        return olap.data!.olap.rows;
      };
      expect(await byOrigin('deals', ['wonRevenue'])).toEqual([{ keys: ['EUR', a, null], values: ['900.0000'] }]);
      expect(await byOrigin('pipeline', ['pipelineAmount'])).toEqual([{ keys: ['EUR', a, null], values: ['300.0000'] }]);
    });

    it('credits the campaigns that reached a lead before it had a customer, once the lead is converted, whatever order the topics arrive in', async () => {
      const [form, mailing, fair] = [randomUUID(), randomUUID(), randomUUID()];
      const [lead, customerId] = [randomUUID(), randomUUID()];
      for (const [campaignId, name] of [
        [form, 'Anonymous form'],
        [mailing, 'Anonymous mailing'],
        [fair, 'Anonymous fair'],
      ] as const)
        await events.send(CampaignCreatedV2, {
          campaignId,
          name,
          campaignType: 'EMAIL',
          status: 'ACTIVE',
          parentId: null,
          createdAt: '2024-01-01T09:00:00Z',
          budget: null,
          actualCost: { amount: '100', currency: 'EUR' },
        });
      /** A form the anonymous lead submitted for `campaignId` at `submittedAt`. */
      const leadForm = (campaignId: string, formName: string, isNewLead: boolean, submittedAt: string) =>
        events.send(
          FormSubmitted,
          {
            leadId: lead,
            customerId: null,
            email: 'anon@example.com',
            submissionId: randomUUID(),
            formId: randomUUID(),
            formName,
            isNewLead,
            scorePoints: 5,
            consent: { text: null, given: false },
            campaignId,
            utm: { source: null, medium: null, term: null },
            submittedAt,
          },
          { time: submittedAt },
        );
      // The lead's journey while it is nobody's customer: a form (Feb 1), a mail clicked (Feb 3), a fair (Feb 5).
      await leadForm(form, 'Newsletter', true, '2024-02-01T09:00:00Z');
      const message = {
        messageId: randomUUID(),
        campaignId: mailing,
        personKind: 'LEAD' as const,
        personId: lead,
        customerId: null,
        email: 'anon@example.com',
      };
      await events.send(EmailSent, { ...message, sentAt: '2024-02-02T09:00:00Z' }, { time: '2024-02-02T09:00:00Z' });
      await events.send(
        EmailClicked,
        { ...message, url: 'https://example.com', clickedAt: '2024-02-03T09:00:00Z' },
        { time: '2024-02-03T09:00:00Z' },
      );
      // The conversion (Feb 10) is on the lead topic, the fair's membership (Feb 5) on the campaign
      // topic: a replay may deliver the conversion first, as here.
      await events.send(
        LeadConverted,
        {
          leadId: lead,
          customerId,
          existingCustomer: false,
          customerName: 'Anonymous Ltd',
          customerKind: 'COMPANY',
          contact: { contactId: randomUUID(), firstName: 'Ann', lastName: 'Onymous', email: 'anon@example.com' },
          opportunity: null,
          ownerId: null,
          convertedBy: null,
          convertedAt: '2024-02-10T09:00:00Z',
        },
        { time: '2024-02-10T09:00:00Z' },
      );
      await events.send(
        CampaignMemberChanged,
        {
          campaignId: fair,
          campaignName: 'Anonymous fair',
          personKind: 'LEAD',
          personId: lead,
          customerId: null,
          from: null,
          to: 'INVITED',
          changedAt: '2024-02-05T09:00:00Z',
        },
        { time: '2024-02-05T09:00:00Z' },
      );
      const won = await deal({
        customerId,
        stages: [randomUUID()],
        status: 'WON',
        amount: '600.00',
        createdAt: '2024-02-12T09:00:00Z',
        closedAt: '2024-03-01T09:00:00Z',
      });
      await eventually(async () => {
        expect(await count('warehouse.fact_deal WHERE opportunity_id = $1', [won])).toBe(1);
        expect(await count('warehouse.fact_campaign_member WHERE campaign_id = $1', [fair])).toBe(1);
        expect(await count('warehouse.fact_email WHERE campaign_id = $1 AND first_clicked_at IS NOT NULL', [mailing])).toBe(1);
        expect(await count('warehouse.fact_form_submission WHERE campaign_id = $1', [form])).toBe(1);
        expect(await count('warehouse.lead_conversion WHERE lead_id = $1', [lead])).toBe(1);
      });

      // Three touches before the 600 deal, in this order: the form first, the fair last, 200 each linearly.
      const res = await gql<{
        campaignAttribution: { campaigns: { campaignId: string; opportunities: number; attribution: unknown[] }[] };
      }>(
        `query($ids: [ID!]) { campaignAttribution(from: "2024-01-01", to: "2024-03-31", campaignIds: $ids) { campaigns {
          campaignId opportunities attribution { currency firstTouchWon { amount } lastTouchWon { amount } linearWon { amount } } } } }`,
        { ids: [form, mailing, fair] },
      );
      expect(res.errors).toBeUndefined();
      const credited = (first: string, last: string) => ({
        opportunities: 1,
        attribution: [
          { currency: 'EUR', firstTouchWon: { amount: first }, lastTouchWon: { amount: last }, linearWon: { amount: '200.0000' } },
        ],
      });
      const byCampaign = new Map(res.data!.campaignAttribution.campaigns.map(({ campaignId, ...rest }) => [campaignId, rest]));
      expect(Object.fromEntries([form, mailing, fair].map((id) => [id, byCampaign.get(id)]))).toEqual({
        [form]: credited('600.0000', '0.0000'),
        [mailing]: credited('0.0000', '0.0000'),
        [fair]: credited('0.0000', '600.0000'),
      });

      // The deals cube reports the deal under the campaign first-touch credits: the form.
      const dealsByCampaign = async () => {
        const olap = await gql<{ olap: { rows: unknown[] } }>('query($q: OlapQueryInput!) { olap(query: $q) { rows { keys values } } }', {
          q: {
            cube: 'deals',
            measures: ['wonRevenue'],
            dimensions: [{ name: 'campaign' }],
            filters: [{ name: 'customer', in: [customerId] }],
          },
        });
        expect(olap.errors).toBeUndefined();
        return olap.data!.olap.rows;
      };
      expect(await dealsByCampaign()).toEqual([{ keys: ['EUR', form], values: ['600.0000'] }]);
      // A form the lead submitted before all of these (Jan 20), on a topic that comes last (a lagging
      // partition, a replay): the deal moves to its campaign, though no event of the deal's came.
      const early = randomUUID();
      await events.send(CampaignCreatedV2, {
        campaignId: early,
        name: 'Anonymous early form',
        campaignType: 'EMAIL',
        status: 'ACTIVE',
        parentId: null,
        createdAt: '2024-01-01T09:00:00Z',
        budget: null,
        actualCost: null,
      });
      await leadForm(early, 'Early bird', false, '2024-01-20T09:00:00Z');
      await eventually(async () => expect(await dealsByCampaign()).toEqual([{ keys: ['EUR', early], values: ['600.0000'] }]));
    });

    it.each([
      ['a period ending before it starts', '{ campaignAttribution(from: "2026-02-01", to: "2026-01-01") { truncated } }', 'to'],
      [
        'a campaign id that is no UUID',
        '{ campaignAttribution(from: "2026-01-01", to: "2026-02-01", campaignIds: ["x"]) { truncated } }',
        'campaignIds',
      ],
    ])('refuses %s with BAD_USER_INPUT naming the field', (_case, query, field) => badInput(query, field));
  });
});
