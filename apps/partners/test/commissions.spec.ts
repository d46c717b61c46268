import * as path from 'node:path';
import { OpportunityLost, OpportunityStageChanged, OpportunityWon } from '@crm/contracts';
import { asPartner } from '@crm/testing';
import { itKeepsItsContracts, itScopesToPartner, useTestSubgraph, type TestSubgraph } from '@crm/subgraph-testing';
import { partnersSubgraph } from '../src/partners.subgraph';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const period = () => new Date().toISOString().slice(0, 7);

const FIELDS =
  'id partnerId opportunityId customerId registrationId ratePercent base { amount currency } amount { amount currency } status period';
const BY_ID = `query($id: ID!) { commission(id: $id) { ${FIELDS} } }`;
const LIST = `query($f: CommissionFilter) { commissions(first: 100, filter: $f) { edges { node { ${FIELDS} } } } }`;
const STATEMENT = `query($p: ID!, $period: String!) { commissionStatement(partnerId: $p, period: $period) {
  partnerId period totals { currency commissionCount accrued { amount } approved { amount } paid { amount } reversed { amount } } } }`;
const CREATE_PLAN = `mutation($i: CreateCommissionPlanInput!) { createCommissionPlan(input: $i) { id name rates { tier productId minAmount ratePercent } } }`;
const APPROVE = 'mutation($id: ID!) { approveCommission(input: { id: $id }) { id status } }';
const PAY = 'mutation($id: ID!) { payCommission(input: { id: $id }) { id status } }';

interface CommissionView {
  id: string;
  partnerId: string;
  opportunityId: string;
  registrationId: string | null;
  ratePercent: string;
  base: { amount: string; currency: string };
  amount: { amount: string; currency: string };
  status: string;
  period: string;
}

/** Commissions through GraphQL: plans, accrual from sales' won events, reversal, approval and payout, statements, scoping. */
describe('partners subgraph: commissions', () => {
  const sub = useTestSubgraph(partnersSubgraph, { poolSize: 2, env: { DEAL_REGISTRATION_EXPIRY_ENABLED: 'false' } });
  const { events } = sub;
  let a: string;
  let b: string;
  let product: string;
  const commissionsOf: { a: CommissionView[]; b: CommissionView[] } = { a: [], b: [] };
  const asA = () => sub.gqlAs(asPartner(a));
  const asB = () => sub.gqlAs(asPartner(b));
  const written = async () =>
    (await sub.count('commission_plan')) +
    (await sub.count('commission_rate')) +
    (await sub.count('commission')) +
    (await sub.count('outbox'));
  const outboxOf = (opportunityId: string) =>
    sub.sql<{ type: string; data: Record<string, unknown> }>(
      `SELECT type, data FROM outbox WHERE data->>'opportunityId' = $1 ORDER BY seq`,
      [opportunityId],
    );
  const opportunity = (opportunityId: string, partnerId: string, amount: string) => ({
    opportunityId,
    customerId: uuid(7000),
    name: 'Partner deal',
    amount: { amount, currency: 'EUR' },
    closeDate: new Date().toISOString().slice(0, 10),
    ownerId: null,
    partnerId,
    pipelineId: uuid(1),
    stageId: uuid(2),
  });
  const win = (opportunityId: string, partnerId: string, amount: string) =>
    events.send(OpportunityWon, {
      ...opportunity(opportunityId, partnerId, amount),
      status: 'WON',
      reason: 'signed',
      closedBy: null,
      closedAt: new Date().toISOString(),
    });
  /** The caller's commission for the opportunity once the won event is applied (polled, never slept on). */
  const commissionFor = async (opportunityId: string, as: () => TestSubgraph['gql'], status = 'ACCRUED'): Promise<CommissionView> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const res = await as()<{ commissions: { edges: { node: CommissionView }[] } }>(LIST);
      const found = res.data?.commissions.edges.map((e) => e.node).find((c) => c.opportunityId === opportunityId && c.status === status);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${status} commission for ${opportunityId}: ${JSON.stringify(res)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    a = (await sub.ctx.newPartner({ name: 'Earner A', tier: 'GOLD' })).id;
    b = (await sub.ctx.newPartner({ name: 'Earner B', tier: 'SILVER' })).id;
    product = sub.customers.addProduct(uuid(9100));
    const plan = await sub.gql(CREATE_PLAN, {
      i: {
        name: 'Standard',
        validFrom: '2020-01-01T00:00:00.000Z',
        rates: [
          { ratePercent: '5' },
          { tier: 'GOLD', ratePercent: '7.5' },
          { tier: 'GOLD', productId: product, ratePercent: '10' },
          { tier: 'GOLD', minAmount: '100000', ratePercent: '8' },
        ],
      },
    });
    expect(plan.errors).toBeUndefined();

    // A's registered deal for the product, approved: its opportunity is priced by the product's rate.
    const registered = await asA()<{ registerDeal: { id: string } }>(
      'mutation($i: RegisterDealInput!) { registerDeal(input: $i) { id } }',
      {
        i: {
          companyName: 'Globex',
          domain: 'globex.example',
          contactName: 'Hank',
          contactEmail: 'hank@globex.example',
          productInterest: 'CRM',
          productId: product,
          estimatedAmount: { amount: '12000', currency: 'EUR' },
          expectedClose: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
        },
      },
    );
    const approved = await sub.gql<{ approveDealRegistration: { opportunityId: string } }>(
      'mutation($i: ApproveDealRegistrationInput!) { approveDealRegistration(input: $i) { opportunityId } }',
      { i: { id: registered.data!.registerDeal.id, customerId: sub.customers.add(uuid(7000)) } },
    );
    const registeredOpportunity = approved.data!.approveDealRegistration.opportunityId;

    await win(registeredOpportunity, a, '12500.50');
    await win(uuid(8002), a, '200000');
    await win(uuid(8003), b, '1000');
    commissionsOf.a.push(await commissionFor(registeredOpportunity, asA), await commissionFor(uuid(8002), asA));
    commissionsOf.b.push(await commissionFor(uuid(8003), asB));
  });

  itKeepsItsContracts(() => sub, partnersSubgraph, path.join(__dirname, '../schema.graphql'));

  it('accrues rate × amount exactly, with the most specific rate: product over tier over any, then the highest band reached', async () => {
    const [registered, large] = commissionsOf.a;
    expect(registered).toMatchObject({
      partnerId: a,
      ratePercent: '10.0000',
      base: { amount: '12500.5000', currency: 'EUR' },
      amount: { amount: '1250.0500', currency: 'EUR' },
      status: 'ACCRUED',
      period: period(),
    });
    expect(registered!.registrationId).not.toBeNull();
    expect(large).toMatchObject({ ratePercent: '8.0000', amount: { amount: '16000.0000', currency: 'EUR' }, registrationId: null });
    expect(commissionsOf.b[0]).toMatchObject({ partnerId: b, ratePercent: '5.0000', amount: { amount: '50.0000', currency: 'EUR' } });
    const [accrued] = await outboxOf(registered!.opportunityId).then((rows) =>
      rows.filter((e) => e.type.startsWith('crm.partners.commission')),
    );
    expect(accrued).toEqual({
      type: 'crm.partners.commission.accrued.v1',
      data: expect.objectContaining({
        commissionId: registered!.id,
        ratePercent: '10.0000',
        amount: { amount: '1250.0500', currency: 'EUR' },
      }),
    });
  });

  it('records a commission once when the won event comes twice', async () => {
    const [first] = commissionsOf.a;
    await win(first!.opportunityId, a, '99999');
    // Three wins were applied before this one; wait until the commissions' consumer has applied the fourth.
    const applied = async () =>
      (
        await sub.sql<{ n: number }>(`SELECT count(*)::int AS n FROM inbox WHERE consumer = 'partners-commissions' AND type = $1`, [
          OpportunityWon.type,
        ])
      )[0]!.n;
    const deadline = Date.now() + 15_000;
    while ((await applied()) < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await applied()).toBe(4);
    expect(await sub.sql('SELECT 1 FROM commission WHERE opportunity_id = $1', [first!.opportunityId])).toHaveLength(1);
    expect((await asA()<{ commission: CommissionView }>(BY_ID, { id: first!.id })).data!.commission.amount.amount).toBe('1250.0500');
    const accruals = (await outboxOf(first!.opportunityId)).filter((e) => e.type === 'crm.partners.commission.accrued.v1');
    expect(accruals).toHaveLength(1);
  });

  itScopesToPartner({
    subgraph: () => sub,
    typename: 'Commission',
    byId: 'commission',
    list: 'commissions',
    tables: [{ table: 'commission', column: 'partner_id' }],
    rows: () => ({
      a: { partnerId: a, ids: commissionsOf.a.map((c) => c.id) },
      b: { partnerId: b, ids: commissionsOf.b.map((c) => c.id) },
    }),
  });

  it('approves, then pays; any other move is BAD_USER_INPUT on id naming the status, and partners move nothing', async () => {
    const [, large] = commissionsOf.a;
    const before = await written();
    const early = await sub.gql(PAY, { id: large!.id });
    expect(early.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(early.errors![0]!.message).toMatch(/ACCRUED/);
    for (const res of [await asA()(APPROVE, { id: large!.id }), await asA()(PAY, { id: large!.id })]) {
      expect(res.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    }
    expect((await sub.gql(APPROVE, { id: uuid(404) })).errors![0]!.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(await written()).toBe(before);

    expect((await sub.gql<{ approveCommission: { status: string } }>(APPROVE, { id: large!.id })).data!.approveCommission.status).toBe(
      'APPROVED',
    );
    expect((await sub.gql<{ payCommission: { status: string } }>(PAY, { id: large!.id })).data!.payCommission.status).toBe('PAID');
    const again = await sub.gql(APPROVE, { id: large!.id });
    expect(again.errors![0]!.message).toMatch(/PAID/);
    expect((await outboxOf(large!.opportunityId)).map((e) => e.type)).toEqual([
      'crm.partners.commission.accrued.v1',
      'crm.partners.commission.approved.v1',
      'crm.partners.commission.paid.v1',
    ]);
  });

  it('reverses the accrual when the won opportunity is reopened and lost', async () => {
    const [registered] = commissionsOf.a;
    const base = opportunity(registered!.opportunityId, a, '12500.50');
    await events.send(OpportunityStageChanged, {
      ...base,
      status: 'OPEN',
      fromStageId: uuid(3),
      fromStatus: 'WON',
      changedBy: null,
      changedAt: new Date().toISOString(),
    });
    await events.send(OpportunityLost, {
      ...base,
      status: 'LOST',
      reason: 'cancelled',
      closedBy: null,
      closedAt: new Date().toISOString(),
    });
    const reversed = await commissionFor(registered!.opportunityId, asA, 'REVERSED');
    expect(reversed.amount.amount).toBe('1250.0500');
    expect((await outboxOf(registered!.opportunityId)).map((e) => e.type).filter((t) => t.includes('commission'))).toEqual([
      'crm.partners.commission.accrued.v1',
      'crm.partners.commission.reversed.v1',
    ]);
  });

  it('sums a partner’s period per currency in its statement, and answers another partner’s as a missing one', async () => {
    const res = await asA()(STATEMENT, { p: a, period: period() });
    expect(res).toEqual({
      data: {
        commissionStatement: {
          partnerId: a,
          period: period(),
          totals: [
            {
              currency: 'EUR',
              commissionCount: 2,
              accrued: { amount: '16000.0000' },
              approved: { amount: '0.0000' },
              paid: { amount: '16000.0000' },
              reversed: { amount: '1250.0500' },
            },
          ],
        },
      },
    });
    const missing = await asA()(STATEMENT, { p: uuid(404), period: period() });
    expect(missing).toEqual({ data: { commissionStatement: null } });
    expect(await asA()(STATEMENT, { p: b, period: period() })).toEqual(missing);
    expect(
      (await sub.gql<{ commissionStatement: { totals: unknown[] } }>(STATEMENT, { p: b, period: period() })).data!.commissionStatement
        .totals,
    ).toHaveLength(1);
    const bad = await asA()(STATEMENT, { p: a, period: '2026-13' });
    expect(bad.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'period' });
  });

  it.each([
    ['a rate over 100 %', [{ ratePercent: '5' }, { ratePercent: '100.0001' }], 'rates.1.ratePercent', /at most 100/, 'BAD_USER_INPUT'],
    ['a negative rate', [{ ratePercent: '-1' }], 'rates.0.ratePercent', /non-negative decimal/, 'BAD_USER_INPUT'],
    ['a negative band', [{ ratePercent: '1', minAmount: '-5' }], 'rates.0.minAmount', /non-negative decimal/, 'BAD_USER_INPUT'],
    [
      'two rates for the same tier, product and band',
      [{ ratePercent: '1' }, { ratePercent: '2', minAmount: '0.00' }],
      'rates.1',
      /repeats/,
      'BAD_USER_INPUT',
    ],
    ['no rates', [], 'rates', /at least one/, 'BAD_USER_INPUT'],
    ['a product sales does not have', [{ ratePercent: '1', productId: uuid(9404) }], 'rates.0.productId', /Product/, 'NOT_FOUND'],
  ])('refuses a plan with %s naming the field, writing nothing', async (_case, rates, field, message, code) => {
    const before = await written();
    const res = await sub.gql(CREATE_PLAN, { i: { name: 'Refused', rates } });
    expect(res.data).toBeNull();
    expect(res.errors![0]!.extensions).toEqual({ code, field });
    expect(res.errors![0]!.message).toMatch(message);
    expect(await written()).toBe(before);
  });

  it('keeps plans from partners', async () => {
    const res = await asA()('query { commissionPlans(first: 10) { edges { node { id } } } }');
    expect(res.errors![0]!.extensions).toEqual({ code: 'FORBIDDEN' });
    const plans = await sub.gql<{ commissionPlans: { edges: { node: { name: string; rates: unknown[] } }[] } }>(
      'query { commissionPlans(first: 10) { edges { node { name rates { tier productId minAmount ratePercent } } } } }',
    );
    expect(plans.data!.commissionPlans.edges.map((e) => [e.node.name, e.node.rates.length])).toEqual([['Standard', 4]]);
  });
});
