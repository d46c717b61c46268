import { OpportunityLost, OpportunityWon } from '@crm/contracts';
import { asPartner } from '@crm/testing';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { partnersSubgraph } from '../src/partners.subgraph';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const SCORECARD = `query($p: ID!, $from: DateTime, $to: DateTime) { partnerScorecard(partnerId: $p, from: $from, to: $to) {
  partnerId registrationsSubmitted registrationsApproved registrationsRejected registrationsWon registrationsLost registrationsExpired
  winRate revenue { amount currency } commissionsAccrued { amount currency } commissionsPaid { amount currency }
  leadOffers leadOffersAccepted leadOffersDeclined leadOffersExpired leadAcceptanceRate averageSecondsToAccept } }`;

/** The lead figures of a partner offered no lead (lead-distribution.spec counts offers): zeros and no rates. */
const NO_LEAD_OFFERS = {
  leadOffers: 0,
  leadOffersAccepted: 0,
  leadOffersDeclined: 0,
  leadOffersExpired: 0,
  leadAcceptanceRate: null,
  averageSecondsToAccept: null,
};

interface Scorecard {
  registrationsWon: number;
  registrationsLost: number;
  commissionsPaid: unknown[];
  [figure: string]: unknown;
}

/** The partner scorecard through GraphQL, for the channel team and for the partner itself. */
describe('partners subgraph: partner scorecard', () => {
  const sub = useTestSubgraph(partnersSubgraph, { poolSize: 2, env: { DEAL_REGISTRATION_EXPIRY_ENABLED: 'false' } });
  const { events } = sub;
  let a: string;
  let b: string;
  const asA = () => sub.gqlAs(asPartner(a));
  const asB = () => sub.gqlAs(asPartner(b));

  const register = async (n: number) => {
    const res = await asA()<{ registerDeal: { id: string } }>('mutation($i: RegisterDealInput!) { registerDeal(input: $i) { id } }', {
      i: {
        companyName: `Company ${n}`,
        domain: `company-${n}.example`,
        contactName: 'Contact',
        contactEmail: 'contact@company.example',
        productInterest: 'CRM',
        estimatedAmount: { amount: '1000', currency: 'EUR' },
        expectedClose: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      },
    });
    return res.data!.registerDeal.id;
  };
  const approve = async (id: string, customer: number) =>
    (
      await sub.gql<{ approveDealRegistration: { opportunityId: string; customerId: string } }>(
        'mutation($i: ApproveDealRegistrationInput!) { approveDealRegistration(input: $i) { opportunityId customerId } }',
        { i: { id, customerId: sub.customers.add(uuid(customer)) } },
      )
    ).data!.approveDealRegistration;
  const closed = (opportunityId: string, customerId: string, amount: string, currency: string) => ({
    opportunityId,
    customerId,
    name: 'Deal',
    amount: { amount, currency },
    closeDate: new Date().toISOString().slice(0, 10),
    ownerId: null,
    partnerId: a,
    pipelineId: uuid(1),
    stageId: uuid(2),
    reason: 'done',
    closedBy: null,
    closedAt: new Date().toISOString(),
  });

  beforeAll(async () => {
    a = (await sub.ctx.newPartner({ name: 'Scored A' })).id;
    b = (await sub.ctx.newPartner({ name: 'Scored B' })).id;
    await sub.gql('mutation($i: CreateCommissionPlanInput!) { createCommissionPlan(input: $i) { id } }', {
      i: { name: 'Flat', validFrom: '2020-01-01T00:00:00.000Z', rates: [{ ratePercent: '10' }] },
    });
    const [won, lost, open, rejected] = [await register(1), await register(2), await register(3), await register(4)];
    const wonDeal = await approve(won, 7001);
    const lostDeal = await approve(lost, 7002);
    await approve(open, 7003);
    await sub.gql('mutation($i: RejectDealRegistrationInput!) { rejectDealRegistration(input: $i) { id } }', {
      i: { id: rejected, reason: 'No' },
    });
    await events.send(OpportunityWon, { ...closed(wonDeal.opportunityId, wonDeal.customerId, '1000', 'EUR'), status: 'WON' });
    await events.send(OpportunityLost, { ...closed(lostDeal.opportunityId, lostDeal.customerId, '1000', 'EUR'), status: 'LOST' });
    // A deal of A's that came from no registration: revenue and commission, no registration figure.
    await events.send(OpportunityWon, { ...closed(uuid(8001), uuid(7004), '500.25', 'USD'), status: 'WON' });

    const deadline = Date.now() + 15_000;
    for (;;) {
      const [usd] = await sub.sql<{ id: string }>(`SELECT id FROM commission WHERE currency = 'USD'`);
      const card = (await sub.gql<{ partnerScorecard: Scorecard }>(SCORECARD, { p: a })).data!.partnerScorecard;
      if (usd && card.registrationsWon === 1 && card.registrationsLost === 1) {
        await sub.gql('mutation($id: ID!) { approveCommission(input: { id: $id }) { id } }', { id: usd.id });
        await sub.gql('mutation($id: ID!) { payCommission(input: { id: $id }) { id } }', { id: usd.id });
        break;
      }
      if (Date.now() > deadline) throw new Error(`events not applied: ${JSON.stringify(card)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  const expected = {
    partnerScorecard: {
      registrationsSubmitted: 4,
      registrationsApproved: 3,
      registrationsRejected: 1,
      registrationsWon: 1,
      registrationsLost: 1,
      registrationsExpired: 0,
      winRate: '0.5000',
      revenue: [
        { amount: '1000.0000', currency: 'EUR' },
        { amount: '500.2500', currency: 'USD' },
      ],
      commissionsAccrued: [
        { amount: '100.0000', currency: 'EUR' },
        { amount: '50.0250', currency: 'USD' },
      ],
      commissionsPaid: [{ amount: '50.0250', currency: 'USD' }],
      ...NO_LEAD_OFFERS,
    },
  };

  it('counts registrations and how they ended, sums revenue and commissions per currency, for the channel team and the partner alike', async () => {
    const staff = await sub.gql(SCORECARD, { p: a });
    expect(staff).toEqual({ data: { partnerScorecard: { partnerId: a, ...expected.partnerScorecard } } });
    expect(await asA()(SCORECARD, { p: a })).toEqual(staff);
  });

  it('gives a partner with nothing zeros and no win rate', async () => {
    expect((await asB()<{ partnerScorecard: Scorecard }>(SCORECARD, { p: b })).data!.partnerScorecard).toEqual({
      partnerId: b,
      registrationsSubmitted: 0,
      registrationsApproved: 0,
      registrationsRejected: 0,
      registrationsWon: 0,
      registrationsLost: 0,
      registrationsExpired: 0,
      winRate: null,
      revenue: [],
      commissionsAccrued: [],
      commissionsPaid: [],
      ...NO_LEAD_OFFERS,
    });
  });

  it("answers another partner's scorecard to a partner exactly as a missing partner's", async () => {
    const missing = await asB()(SCORECARD, { p: uuid(404) });
    expect(missing).toEqual({ data: { partnerScorecard: null } });
    expect(await asB()(SCORECARD, { p: a })).toEqual(missing);
    expect(await sub.gql(SCORECARD, { p: uuid(404) })).toEqual(missing);
  });

  it('counts only the window asked for, and refuses a window that ends before it starts naming to', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const later = await sub.gql<{ partnerScorecard: Scorecard }>(SCORECARD, { p: a, from: tomorrow });
    expect(later.data!.partnerScorecard).toMatchObject({ registrationsSubmitted: 0, winRate: null, revenue: [], commissionsAccrued: [] });
    const until = await sub.gql<{ partnerScorecard: Scorecard }>(SCORECARD, { p: a, from: '2020-01-01T00:00:00Z', to: tomorrow });
    expect(until.data!.partnerScorecard).toMatchObject({ registrationsSubmitted: 4, revenue: expected.partnerScorecard.revenue });
    const bad = await sub.gql(SCORECARD, { p: a, from: tomorrow, to: '2020-01-01T00:00:00Z' });
    expect(bad.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'to' });
    expect((await sub.gql(SCORECARD, { p: 'nope' })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'partnerId' });
  });

  describe('across partners, for the channel team', () => {
    const LIST = `query($sort: PartnerScorecardSort, $first: Int, $after: String) { partnerScorecards(sort: $sort, first: $first, after: $after) {
      edges { cursor node { partnerId registrationsSubmitted registrationsWon winRate } } pageInfo { hasNextPage endCursor } } }`;
    type Page = {
      partnerScorecards: { edges: { cursor: string; node: Scorecard }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    };
    const list = async (vars: Record<string, unknown>) => (await sub.gql<Page>(LIST, vars)).data!.partnerScorecards;

    it('sorts every partner by the measure asked for, best first, a page at a time', async () => {
      // A has 4 registrations, 1 won of 2 decided; B has none, so its win rate sorts last.
      for (const sort of ['REGISTRATIONS_SUBMITTED_DESC', 'REGISTRATIONS_WON_DESC', 'WIN_RATE_DESC']) {
        const page = await list({ sort });
        expect(page.edges.map((e) => e.node.partnerId)).toEqual([a, b]);
      }
      const first = await list({ sort: 'WIN_RATE_DESC', first: 1 });
      expect(first.edges.map((e) => [e.node.partnerId, e.node.winRate, e.node.registrationsSubmitted])).toEqual([[a, '0.5000', 4]]);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = await list({ sort: 'WIN_RATE_DESC', first: 1, after: first.pageInfo.endCursor });
      expect(second.edges.map((e) => [e.node.partnerId, e.node.winRate])).toEqual([[b, null]]);
      expect(second.pageInfo.hasNextPage).toBe(false);
    });

    it('is closed to partners, bounded, and refuses a cursor of another order on after', async () => {
      expect((await asA()(LIST, {})).errors![0]!.extensions!.code).toBe('FORBIDDEN');
      expect((await sub.gql(LIST, { first: 101 })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      const { pageInfo } = await list({ sort: 'WIN_RATE_DESC', first: 1 });
      const res = await sub.gql(LIST, { sort: 'REGISTRATIONS_WON_DESC', after: pageInfo.endCursor });
      expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    });
  });
});
