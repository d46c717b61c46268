import { useTestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi, NEW_BUSINESS } from './deals.test-helper';

const OWNERS = {
  ada: 'a0000000-0000-4000-8000-000000000001',
  bo: 'a0000000-0000-4000-8000-000000000002',
  cy: 'a0000000-0000-4000-8000-000000000003',
};
type Owner = keyof typeof OWNERS;
/** Three owners in two teams, each with a manager. */
const TEAMS: Record<string, Owner[]> = { Hunters: ['ada', 'bo'], Farmers: ['cy'] };
const NAMES: Record<Owner, string> = { ada: 'Ada Lovelace', bo: 'Bo Diddley', cy: 'Cy Young' };
type Account = 'parent' | 'north' | 'south' | null;
type Product = 'seat' | 'support' | 'training' | 'hardware';

/** One deal of the history; `lines` are [product, quantity, unit price in cents]. */
interface HistoricDeal {
  owner: Owner;
  account: Account;
  created: string;
  moved?: string;
  closed?: string;
  outcome?: 'win' | 'lose';
  lines: [Product, number, number][];
}

/** Two years of a small company's sales, by hand: three owners, four products, a parent and two child accounts, deals without accounts. */
const HISTORY: HistoricDeal[] = [
  {
    owner: 'ada',
    account: 'parent',
    created: '2016-01-10',
    moved: '2016-02-01',
    closed: '2016-03-15',
    outcome: 'win',
    lines: [['seat', 10, 5000]],
  },
  {
    owner: 'ada',
    account: 'north',
    created: '2016-04-01',
    closed: '2016-06-30',
    outcome: 'win',
    lines: [
      ['seat', 5, 5000],
      ['support', 1, 120000],
    ],
  },
  { owner: 'bo', account: 'south', created: '2016-05-05', closed: '2016-07-01', outcome: 'lose', lines: [['hardware', 2, 99900]] },
  {
    owner: 'bo',
    account: null,
    created: '2016-08-01',
    moved: '2016-08-20',
    closed: '2016-11-11',
    outcome: 'win',
    lines: [['training', 3, 80000]],
  },
  { owner: 'cy', account: 'north', created: '2016-09-09', closed: '2016-12-01', outcome: 'lose', lines: [['seat', 20, 4500]] },
  { owner: 'cy', account: null, created: '2016-10-10', closed: '2017-01-20', outcome: 'win', lines: [['support', 2, 110000]] },
  {
    owner: 'ada',
    account: 'south',
    created: '2017-01-02',
    moved: '2017-02-02',
    closed: '2017-03-03',
    outcome: 'win',
    lines: [
      ['seat', 40, 4800],
      ['training', 1, 75000],
    ],
  },
  { owner: 'bo', account: 'parent', created: '2017-02-14', closed: '2017-05-30', outcome: 'win', lines: [['hardware', 1, 150000]] },
  { owner: 'bo', account: 'north', created: '2017-03-01', closed: '2017-04-15', outcome: 'lose', lines: [['support', 1, 100000]] },
  {
    owner: 'cy',
    account: 'parent',
    created: '2017-06-01',
    closed: '2017-09-30',
    outcome: 'win',
    lines: [
      ['seat', 15, 5000],
      ['hardware', 2, 140000],
    ],
  },
  { owner: 'cy', account: null, created: '2017-07-07', closed: '2017-08-08', outcome: 'lose', lines: [['training', 2, 80000]] },
  { owner: 'ada', account: 'north', created: '2017-10-01', closed: '2017-12-20', outcome: 'win', lines: [['support', 3, 100000]] },
  // Still open: the hierarchy's pipeline.
  { owner: 'bo', account: 'south', created: '2017-11-01', moved: '2017-11-15', lines: [['seat', 8, 5000]] },
  { owner: 'ada', account: 'parent', created: '2017-12-01', lines: [['training', 1, 70000]] },
  { owner: 'cy', account: null, created: '2017-12-05', lines: [['hardware', 1, 120000]] },
];

const cents = (c: number) => (c / 100).toFixed(2);
const dealCents = (d: HistoricDeal) => d.lines.reduce((sum, [, qty, price]) => sum + qty * price, 0);
const days = (d: HistoricDeal) => (Date.parse(`${d.closed}T12:00:00Z`) - Date.parse(`${d.created}T09:00:00Z`)) / 86_400_000;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** The figures a report should show for a group of closed deals, computed here from the input. */
function expected(deals: HistoricDeal[], wonCents: (d: HistoricDeal) => number = dealCents) {
  const won = deals.filter((d) => d.outcome === 'win');
  const lost = deals.filter((d) => d.outcome === 'lose');
  return {
    wonCount: won.length,
    lostCount: lost.length,
    winRate: Math.round((won.length / (won.length + lost.length)) * 10_000) / 10_000,
    wonAmount: { amount: cents(won.reduce((s, d) => s + wonCents(d), 0)), currency: 'EUR' },
    averageSalesCycleDays: won.length ? round1(won.reduce((s, d) => s + days(d), 0) / won.length) : null,
  };
}

describe('a two-year sales history, loaded and reported', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);
  const accounts: Record<string, string> = {};
  const products: Record<string, string> = {};

  const teams: Record<string, string> = {};
  type Row = {
    period: string;
    key: string | null;
    label: string | null;
    unitsWon: string | null;
    openCount: number;
    openAmount: { amount: string; currency: string };
  } & ReturnType<typeof expected>;
  const breakdown = async (by: string, period: string, extra = '') =>
    (
      await api.ok<{ salesBreakdown: { rows: Row[]; truncated: boolean } }>(
        `{ salesBreakdown(by: ${by}, period: ${period}, currency: "EUR" ${extra}) {
            truncated rows { period key label wonCount lostCount winRate wonAmount { amount currency } unitsWon averageSalesCycleDays
              openCount openAmount { amount currency } } } }`,
      )
    ).salesBreakdown;

  beforeAll(async () => {
    for (const owner of Object.keys(OWNERS) as Owner[]) {
      await api.ok('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
        i: { id: OWNERS[owner], name: NAMES[owner], regionalOffice: owner === 'cy' ? 'West' : 'East', timeZone: 'Europe/Berlin' },
      });
    }
    for (const [name, members] of Object.entries(TEAMS)) {
      teams[name] = (
        await api.ok<{ createTeam: { id: string } }>('mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
          i: { name, managerId: OWNERS[members[0]!], memberIds: members.map((m) => OWNERS[m]) },
        })
      ).createTeam.id;
    }
    const account = async (name: string, parentId?: string) =>
      (
        await api.ok<{ createCustomer: { id: string } }>('mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', {
          i: { name, occurredAt: '2015-06-01T00:00:00Z', ...(parentId ? { parentId } : {}) },
        })
      ).createCustomer.id;
    accounts.parent = await account('Initech Group');
    accounts.north = await account('Initech North', accounts.parent);
    accounts.south = await account('Initech South', accounts.parent);
    for (const sku of ['seat', 'support', 'training', 'hardware']) {
      products[sku] = (
        await api.ok<{ createProduct: { id: string } }>('mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }', {
          i: { sku, name: sku.toUpperCase() },
        })
      ).createProduct.id;
    }
    for (const [n, d] of HISTORY.entries()) {
      const { createOpportunity: deal } = await api.ok<{ createOpportunity: { id: string } }>(
        'mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }',
        {
          i: {
            name: `Deal ${n}`,
            customerId: d.account ? accounts[d.account] : null,
            ownerId: OWNERS[d.owner],
            amount: { amount: '0', currency: 'EUR' },
            closeDate: d.closed ?? '2018-03-31',
            occurredAt: `${d.created}T09:00:00Z`,
          },
        },
      );
      await api.ok('mutation($i: SetOpportunityLinesInput!) { setOpportunityLines(input: $i) { id } }', {
        i: {
          opportunityId: deal.id,
          lines: d.lines.map(([p, qty, price]) => ({ productId: products[p], quantity: `${qty}`, unitPrice: cents(price) })),
        },
      });
      if (d.moved) {
        await api.ok('mutation($i: ChangeOpportunityStageInput!) { changeOpportunityStage(input: $i) { id } }', {
          i: { id: deal.id, stageId: NEW_BUSINESS.proposal, occurredAt: `${d.moved}T10:00:00Z` },
        });
      }
      if (d.outcome) {
        await api.ok(`mutation($i: CloseOpportunityInput!) { ${d.outcome}Opportunity(input: $i) { id } }`, {
          i: { id: deal.id, reason: 'history', occurredAt: `${d.closed}T12:00:00Z` },
        });
      }
    }
  });

  it('reports by year and owner, with the sales cycle in days', async () => {
    const { rows, truncated } = await breakdown('OWNER', 'YEAR', ', to: "2017-12-31"');
    expect(truncated).toBe(false);
    for (const year of ['2016', '2017']) {
      for (const owner of Object.keys(OWNERS) as Owner[]) {
        const deals = HISTORY.filter((d) => d.outcome && d.owner === owner && d.closed!.startsWith(year));
        const row = rows.find((r) => r.period === year && r.key === OWNERS[owner]);
        if (deals.length === 0) expect(row).toBeUndefined();
        else expect(row).toMatchObject({ ...expected(deals), label: NAMES[owner] });
      }
    }
    expect(rows).toHaveLength(new Set(HISTORY.filter((d) => d.outcome).map((d) => `${d.closed!.slice(0, 4)}:${d.owner}`)).size);
  });

  it('reports by year and team: each team its members’ deals', async () => {
    const { rows } = await breakdown('TEAM', 'YEAR', ', to: "2017-12-31"');
    for (const year of ['2016', '2017']) {
      for (const [name, members] of Object.entries(TEAMS)) {
        const deals = HISTORY.filter((d) => d.outcome && members.includes(d.owner) && d.closed!.startsWith(year));
        expect(rows.find((r) => r.period === year && r.key === teams[name])).toMatchObject({ ...expected(deals), label: name });
      }
    }
    expect(rows).toHaveLength(4);
  });

  it('includes the open pipeline, by owner and by team, in the period each open deal should close', async () => {
    const open = HISTORY.filter((d) => !d.outcome);
    const pipeline = (deals: HistoricDeal[]) => ({
      openCount: deals.length,
      openAmount: { amount: cents(deals.reduce((s, d) => s + dealCents(d), 0)), currency: 'EUR' },
    });
    const byOwner = await breakdown('OWNER', 'ALL_TIME');
    for (const owner of Object.keys(OWNERS) as Owner[]) {
      expect(byOwner.rows.find((r) => r.key === OWNERS[owner])).toMatchObject(pipeline(open.filter((d) => d.owner === owner)));
    }
    const byTeam = await breakdown('TEAM', 'YEAR', ', from: "2018-01-01"');
    expect(byTeam.rows.map((r) => [r.period, r.label, r.wonCount, r.lostCount])).toEqual(
      expect.arrayContaining([
        ['2018', 'Hunters', 0, 0],
        ['2018', 'Farmers', 0, 0],
      ]),
    );
    for (const [name, members] of Object.entries(TEAMS)) {
      expect(byTeam.rows.find((r) => r.key === teams[name])).toMatchObject(pipeline(open.filter((d) => members.includes(d.owner))));
    }
  });

  it('reports by product: won revenue, units and win rate', async () => {
    const { rows } = await breakdown('PRODUCT', 'ALL_TIME');
    for (const p of ['seat', 'support', 'training', 'hardware'] as Product[]) {
      const deals = HISTORY.filter((d) => d.outcome && d.lines.some(([lp]) => lp === p));
      const linesOf = (d: HistoricDeal) => d.lines.filter(([lp]) => lp === p);
      const units = deals.filter((d) => d.outcome === 'win').reduce((s, d) => s + linesOf(d).reduce((u, [, qty]) => u + qty, 0), 0);
      const { averageSalesCycleDays: _, ...figures } = expected(deals, (d) => linesOf(d).reduce((s, [, qty, price]) => s + qty * price, 0));
      expect(rows.find((r) => r.key === products[p])).toMatchObject({
        period: 'all',
        label: p.toUpperCase(),
        unitsWon: `${units}`,
        ...figures,
      });
    }
  });

  it('reports by account, deals without an account included as such', async () => {
    const { rows } = await breakdown('ACCOUNT', 'ALL_TIME');
    const unassigned = rows.find((r) => r.label === 'Unassigned');
    expect(unassigned).toMatchObject(expected(HISTORY.filter((d) => d.outcome && d.account === null)));
    for (const a of ['parent', 'north', 'south'] as const) {
      expect(rows.find((r) => r.key === accounts[a])).toMatchObject(expected(HISTORY.filter((d) => d.outcome && d.account === a)));
    }
  });

  // Whole months (read from the monthly rollup), and days that cut months, a deal closing on each edge (read from the deals).
  it.each([
    ['2017-01-01', '2017-06-30'],
    ['2017-01-21', '2017-05-30'],
  ])('reports by quarter within a range, from %s to %s', async (from, to) => {
    const { rows } = await breakdown('NONE', 'QUARTER', `, from: "${from}", to: "${to}"`);
    const quarter = (d: HistoricDeal) => `${d.closed!.slice(0, 4)}-Q${Math.ceil(Number(d.closed!.slice(5, 7)) / 3)}`;
    const inRange = HISTORY.filter((d) => d.outcome && d.closed! >= from && d.closed! <= to);
    expect(rows.map((r) => r.period)).toEqual([...new Set(inRange.map(quarter))].sort());
    for (const r of rows) expect(r).toMatchObject(expected(inRange.filter((d) => quarter(d) === r.period)));
  });

  it('reports by month and owner, each closed deal in the month it closed', async () => {
    const { rows } = await breakdown('OWNER', 'MONTH', ', from: "2016-01-01", to: "2016-12-31"');
    const closed2016 = HISTORY.filter((d) => d.outcome && d.closed!.startsWith('2016'));
    const group = (d: HistoricDeal) => `${d.closed!.slice(0, 7)}:${OWNERS[d.owner]}`;
    expect(rows.map((r) => `${r.period}:${r.key}`).sort()).toEqual([...new Set(closed2016.map(group))].sort());
    for (const r of rows) expect(r).toMatchObject(expected(closed2016.filter((d) => group(d) === `${r.period}:${r.key}`)));
  });

  it('takes a period longer than five years', async () => {
    const { rows } = await breakdown('NONE', 'YEAR', ', from: "2010-01-01", to: "2025-12-31"');
    expect(rows.map((r) => r.period)).toEqual(['2016', '2017', '2018']);
    for (const year of ['2016', '2017']) {
      expect(rows.find((r) => r.period === year)).toMatchObject(expected(HISTORY.filter((d) => d.outcome && d.closed!.startsWith(year))));
    }
    const { salesDashboard } = await api.ok<{ salesDashboard: { wonCount: number; lostCount: number } }>(
      '{ salesDashboard(from: "2010-01-01", to: "2025-12-31", currency: "EUR") { wonCount lostCount } }',
    );
    expect(salesDashboard).toEqual({
      wonCount: HISTORY.filter((d) => d.outcome === 'win').length,
      lostCount: HISTORY.filter((d) => d.outcome === 'lose').length,
    });
  });

  it('rolls up the hierarchy: open pipeline and won revenue of the parent and its children', async () => {
    const res = await api.ok<{
      customer: { rollup: { accounts: number; openPipeline: { amount: string }; wonRevenue: { amount: string } } };
    }>('query($id: ID!) { customer(id: $id) { rollup(currency: "EUR") { accounts openPipeline { amount } wonRevenue { amount } } } }', {
      id: accounts.parent,
    });
    const family = HISTORY.filter((d) => d.account !== null);
    expect(res.customer.rollup).toEqual({
      accounts: 3,
      openPipeline: { amount: cents(family.filter((d) => !d.outcome).reduce((s, d) => s + dealCents(d), 0)) },
      wonRevenue: { amount: cents(family.filter((d) => d.outcome === 'win').reduce((s, d) => s + dealCents(d), 0)) },
    });
  });

  it('forecasts 2017 against 2016 by the day deals closed, with 2017’s wins and sales cycle', async () => {
    const res = await api.ok<{
      salesDashboard: {
        wonCount: number;
        averageSalesCycleDays: number;
        forecast: {
          category: string;
          count: number;
          amount: { amount: string };
          lastYearCount: number;
          lastYearAmount: { amount: string };
        }[];
      };
    }>(
      `{ salesDashboard(from: "2017-01-01", to: "2017-12-31", currency: "EUR") {
          wonCount averageSalesCycleDays forecast { category count amount { amount } lastYearCount lastYearAmount { amount } } } }`,
    );
    const wonIn = (year: string) => HISTORY.filter((d) => d.outcome === 'win' && d.closed!.startsWith(year));
    const sum = (ds: HistoricDeal[]) => cents(ds.reduce((s, d) => s + dealCents(d), 0));
    expect(res.salesDashboard.wonCount).toBe(wonIn('2017').length);
    expect(res.salesDashboard.averageSalesCycleDays).toBe(expected(wonIn('2017')).averageSalesCycleDays);
    expect(res.salesDashboard.forecast.find((f) => f.category === 'CLOSED')).toEqual({
      category: 'CLOSED',
      count: wonIn('2017').length,
      amount: { amount: sum(wonIn('2017')) },
      lastYearCount: wonIn('2016').length,
      lastYearAmount: { amount: sum(wonIn('2016')) },
    });
  });

  it('refuses a range that ends before it starts, naming the field', async () => {
    const res = await sales.gql('{ salesBreakdown(by: OWNER, currency: "EUR", from: "2017-02-01", to: "2017-01-01") { truncated } }');
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  // Last: it deletes an account the tests above count.
  it('leaves out the deals of a deleted account, over whole months as over days that cut them', async () => {
    await api.ok('mutation($id: ID!) { deleteCustomer(id: $id) { id } }', { id: accounts.south });
    const kept = HISTORY.filter((d) => d.outcome && d.account !== 'south');
    for (const [from, to] of [
      ['2016-01-01', '2017-12-31'],
      ['2016-01-02', '2017-12-30'],
    ] as const) {
      const { rows } = await breakdown('OWNER', 'ALL_TIME', `, from: "${from}", to: "${to}"`);
      for (const owner of Object.keys(OWNERS) as Owner[]) {
        expect(rows.find((r) => r.key === OWNERS[owner])).toMatchObject(
          expected(kept.filter((d) => d.owner === owner && d.closed! >= from && d.closed! <= to)),
        );
      }
    }
  });
});
