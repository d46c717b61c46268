import { useTestSubgraph, type TestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi, NEW_BUSINESS } from './deals.test-helper';

const SALES_REP = { roles: ['sales' as const], userId: '77777777-7777-4777-8777-777777777777' };
const WRITES = ['customer', 'opportunity', 'opportunity_stage_change', 'activity'];
const TOMORROW = () => new Date(Date.now() + 86_400_000).toISOString();
const DAY_MS = 86_400_000;

/** A history import: every change of a 2016–2017 deal recorded at the time it happened, by an admin. */
describe('historical dates', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);

  /** What the outbox holds for one aggregate id: the CloudEvents time and when the row was written. */
  const outboxOf = (key: string, id: string) =>
    sales.sql<{ type: string; time: Date; created_at: Date }>(
      `SELECT type, time, created_at FROM outbox WHERE data->>'${key}' = $1 ORDER BY seq`,
      [id],
    );

  it('records a customer, its deal, its moves, its win and an activity at the times they happened', async () => {
    const customer = await api.ok<{ createCustomer: { id: string; createdAt: string } }>(
      'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id createdAt } }',
      { i: { name: 'Historic Ltd', occurredAt: '2016-09-01T08:00:00Z' } },
    );
    const customerId = customer.createCustomer.id;
    expect(customer.createCustomer.createdAt).toBe('2016-09-01T08:00:00.000Z');

    const { id } = await api.createOpportunity({ customerId, closeDate: '2017-03-01', occurredAt: '2016-10-20T10:00:00Z' });
    await api.ok('mutation($i: ChangeOpportunityStageInput!) { changeOpportunityStage(input: $i) { id } }', {
      i: { id, stageId: NEW_BUSINESS.proposal, occurredAt: '2016-11-02T10:00:00Z' },
    });
    const won = await api.ok<{ winOpportunity: { createdAt: string; closedAt: string; stageHistory: { changedAt: string }[] } }>(
      `mutation($i: CloseOpportunityInput!) { winOpportunity(input: $i) { createdAt closedAt stageHistory { changedAt } } }`,
      { i: { id, reason: 'signed', occurredAt: '2017-03-01T10:00:00Z' } },
    );
    expect(won.winOpportunity).toEqual({
      createdAt: '2016-10-20T10:00:00.000Z',
      closedAt: '2017-03-01T10:00:00.000Z',
      stageHistory: [
        { changedAt: '2016-10-20T10:00:00.000Z' },
        { changedAt: '2016-11-02T10:00:00.000Z' },
        { changedAt: '2017-03-01T10:00:00.000Z' },
      ],
    });

    // The CloudEvents time is the time of occurrence; when the event was written stays on the outbox row.
    const events = await outboxOf('opportunityId', id);
    expect(events.map((e) => [e.type, e.time.toISOString()])).toEqual([
      ['crm.sales.opportunity.created.v1', '2016-10-20T10:00:00.000Z'],
      ['crm.sales.opportunity.stage-changed.v1', '2016-11-02T10:00:00.000Z'],
      ['crm.sales.opportunity.won.v1', '2017-03-01T10:00:00.000Z'],
    ]);
    for (const e of events) expect(Date.now() - e.created_at.getTime()).toBeLessThan(60_000);
    const [created] = await outboxOf('customerId', customerId);
    expect(created!.time.toISOString()).toBe('2016-09-01T08:00:00.000Z');

    // The dashboard counts the win in 2017, after a cycle of 132 days.
    const dash = await api.ok<{ salesDashboard: { wonCount: number; averageSalesCycleDays: number } }>(
      `{ salesDashboard(from: "2017-01-01", to: "2017-12-31", currency: "EUR") { wonCount averageSalesCycleDays } }`,
    );
    const cycle = (Date.parse('2017-03-01T10:00:00Z') - Date.parse('2016-10-20T10:00:00Z')) / DAY_MS;
    expect(dash.salesDashboard).toEqual({ wonCount: 1, averageSalesCycleDays: cycle });

    const logged = await api.ok<{ logActivity: { id: string; createdAt: string; completedAt: string } }>(
      'mutation($i: LogActivityInput!) { logActivity(input: $i) { id createdAt completedAt } }',
      { i: { type: 'CALL', subject: 'Kick-off', opportunityId: id, completed: true, occurredAt: '2016-10-21T09:00:00Z' } },
    );
    expect(logged.logActivity).toMatchObject({ createdAt: '2016-10-21T09:00:00.000Z', completedAt: '2016-10-21T09:00:00.000Z' });
    const task = await api.ok<{ logActivity: { id: string } }>('mutation($i: LogActivityInput!) { logActivity(input: $i) { id } }', {
      i: { type: 'TASK', subject: 'Send terms', opportunityId: id, occurredAt: '2016-10-22T09:00:00Z' },
    });
    const done = await api.ok<{ completeActivity: { completedAt: string } }>(
      'mutation($id: ID!, $at: DateTime) { completeActivity(id: $id, occurredAt: $at) { completedAt } }',
      { id: task.logActivity.id, at: '2016-10-25T09:00:00Z' },
    );
    expect(done.completeActivity.completedAt).toBe('2016-10-25T09:00:00.000Z');
    const completed = (await outboxOf('activityId', task.logActivity.id)).map((e) => [e.type, e.time.toISOString()]);
    expect(completed).toContainEqual(['crm.sales.activity.completed.v1', '2016-10-25T09:00:00.000Z']);
  });

  it('keeps now as the time when no occurredAt is given', async () => {
    const before = Date.now();
    const { id } = await api.createOpportunity({ customerId: await api.createCustomer('Today Inc') });
    const [event] = await outboxOf('opportunityId', id);
    expect(event!.time.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  describe('refuses, naming the field and writing nothing', () => {
    let customerId: string;
    let opportunityId: string;
    beforeAll(async () => {
      customerId = await api.createCustomer('Refusals');
      ({ id: opportunityId } = await api.createOpportunity({ customerId, occurredAt: '2016-05-01T00:00:00Z' }));
      await api.ok('mutation($i: ChangeOpportunityStageInput!) { changeOpportunityStage(input: $i) { id } }', {
        i: { id: opportunityId, stageId: NEW_BUSINESS.proposal, occurredAt: '2016-06-01T00:00:00Z' },
      });
      // The rep's first request puts them in the user directory (a write of its own): before the footprints are taken.
      await sales.gqlAs(SALES_REP)('{ me { id } }');
    });

    const refused = async (gql: TestSubgraph['gql'], query: string, variables: Record<string, unknown>) => {
      const before = await api.footprint(WRITES);
      const res = await gql(query, variables);
      expect(await api.footprint(WRITES)).toEqual(before);
      expect(res.errors).toHaveLength(1);
      return res.errors![0]!;
    };
    const CREATE = 'mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }';
    const input = () => ({ customerId, name: 'Backdated', amount: { amount: '10', currency: 'EUR' }, closeDate: '2017-01-01' });

    it('a time in the future', async () => {
      const e = await refused(sales.gql, CREATE, { i: { ...input(), occurredAt: TOMORROW() } });
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurredAt' });
      const c = await refused(sales.gql, 'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', {
        i: { name: 'Future', occurredAt: TOMORROW() },
      });
      expect(c.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurredAt' });
    });

    it('a time set by a role that may not import history', async () => {
      const e = await refused(sales.gqlAs(SALES_REP), CREATE, { i: { ...input(), occurredAt: '2016-01-01T00:00:00Z' } });
      expect(e.extensions).toEqual({ code: 'FORBIDDEN', field: 'occurredAt' });
      expect(e.message).toMatch(/^occurredAt: only admin may/);
      const w = await refused(sales.gqlAs(SALES_REP), 'mutation($i: CloseOpportunityInput!) { winOpportunity(input: $i) { id } }', {
        i: { id: opportunityId, reason: 'x', occurredAt: '2016-07-01T00:00:00Z' },
      });
      expect(w.extensions).toEqual({ code: 'FORBIDDEN', field: 'occurredAt' });
    });

    it('a move before the previous one', async () => {
      const e = await refused(sales.gql, 'mutation($i: CloseOpportunityInput!) { loseOpportunity(input: $i) { id } }', {
        i: { id: opportunityId, reason: 'x', occurredAt: '2016-05-15T00:00:00Z' },
      });
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurredAt' });
      expect(e.message).toContain('2016-06-01T00:00:00.000Z');
    });

    it('a time that is not a date-time', async () => {
      const e = await refused(sales.gql, CREATE, { i: { ...input(), occurredAt: '2016-02-30T00:00:00Z' } });
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurredAt' });
    });
  });
});
