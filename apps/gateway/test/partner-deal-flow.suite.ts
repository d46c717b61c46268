import { randomUUID } from 'node:crypto';
import { ADMIN, asPartner, graphqlClient, testToken, type Gql, type GqlResponse, type TestStack } from '@crm/testing';
import { DEFAULT_PARTNER_OPERATIONS_FILE } from '../src/gateway.server';
import { loadSafelist } from '../src/persisted-operations';
import { sharedStack } from './shared-stack';

/** The safelisted partner operations, by operation name. */
const OPS = Object.fromEntries(
  [...loadSafelist(DEFAULT_PARTNER_OPERATIONS_FILE)].map(([id, doc]) => [/^(?:query|mutation) (\w+)/.exec(doc)![1]!, { id, doc }]),
);

interface Commission {
  id: string;
  opportunityId: string;
  ratePercent: string;
  base: { amount: string; currency: string };
  amount: { amount: string; currency: string };
  status: string;
}

/**
 * Issue 16's partner deal flow end to end, through the gateway and every subgraph on the real
 * broker: A registers on /partner/graphql, a channel manager approves on /graphql, sales opens A's
 * opportunity (readable by A within 2 s), winning it accrues A's commission exactly; B cannot take
 * the domain and learns nothing of who holds it.
 */
describe('partner deal registration to commission, through the gateway', () => {
  let stack: TestStack;
  let admin: Gql;
  const partners = { a: '', b: '', c: '' };
  let customerId: string;
  let productId: string;

  /** A persisted partner operation, sent by its hash as the portal does. */
  function partnerOp(who: 'a' | 'b' | 'c') {
    let token: Promise<string> | undefined;
    return async <T>(name: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(stack.partnerGatewayUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await (token ??= testToken(asPartner(partners[who])))}`,
        },
        body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: OPS[name]!.id } } }),
      });
      return (await res.json()) as GqlResponse<T>;
    };
  }
  let asA: ReturnType<typeof partnerOp>;
  let asB: ReturnType<typeof partnerOp>;
  let asC: ReturnType<typeof partnerOp>;

  /** Asks until `done` holds or `ms` pass (polled, never slept on); the last answer and how long it took. */
  async function until<T>(ask: () => Promise<T>, done: (r: T) => boolean, ms: number): Promise<{ result: T; elapsed: number }> {
    const start = Date.now();
    let result = await ask();
    while (!done(result) && Date.now() - start < ms) {
      await new Promise((r) => setTimeout(r, 25));
      result = await ask();
    }
    return { result, elapsed: Date.now() - start };
  }

  const deal = (domain: string) => ({
    companyName: 'Initech',
    domain,
    contactName: 'Bill Lumbergh',
    contactEmail: 'bill@initech.example',
    productInterest: 'CRM Enterprise',
    productId,
    estimatedAmount: { amount: '12500.50', currency: 'EUR' },
    expectedClose: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
  });

  beforeAll(async () => {
    // The lead offer expiry job runs often on the shared stack, so an offer's one second runs out within the test.
    stack = await sharedStack();
    admin = graphqlClient(stack.gatewayUrl, ADMIN);
    asA = partnerOp('a');
    asB = partnerOp('b');
    asC = partnerOp('c');
    partners.a = (await stack.ctx.newPartner({ name: `Reseller A ${Date.now()}`, tier: 'GOLD' })).id;
    partners.b = (await stack.ctx.newPartner({ name: `Reseller B ${Date.now()}`, tier: 'GOLD' })).id;
    customerId = (await stack.ctx.newCustomer({ name: 'Initech' })).id;
    const product = await admin<{ createProduct: { id: string } }>(
      'mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }',
      {
        i: { sku: `CRM-ENT-${Date.now()}`, name: 'CRM Enterprise' },
      },
    );
    productId = product.data!.createProduct.id;
    const plan = await admin('mutation($i: CreateCommissionPlanInput!) { createCommissionPlan(input: $i) { id } }', {
      i: {
        name: 'Resellers',
        validFrom: '2020-01-01T00:00:00.000Z',
        rates: [{ ratePercent: '5' }, { tier: 'GOLD', productId, ratePercent: '12.5' }],
      },
    });
    expect(plan.errors).toBeUndefined();
  }, 600_000);

  it('registers on the partner endpoint, is approved on the internal one, shows A its opportunity within 2 s, pays rate × amount exactly on the win, and puts each step on the customer timeline', async () => {
    // The product is checked at sales with A's own token.
    const registered = await asA<{ registerDeal: { id: string; status: string } }>('PartnerRegisterDeal', {
      input: deal('initech.example'),
    });
    expect(registered.errors).toBeUndefined();
    expect(registered.data!.registerDeal.status).toBe('SUBMITTED');
    const registrationId = registered.data!.registerDeal.id;

    const approved = await admin<{ approveDealRegistration: { opportunityId: string } }>(
      'mutation($i: ApproveDealRegistrationInput!) { approveDealRegistration(input: $i) { opportunityId } }',
      { i: { id: registrationId, customerId } },
    );
    expect(approved.errors).toBeUndefined();
    const opportunityId = approved.data!.approveDealRegistration.opportunityId;

    const visible = await until(
      () =>
        asA<{ opportunity: { id: string; partnerId: string; amount: { amount: string } } | null }>('PartnerOpportunity', {
          id: opportunityId,
        }),
      (r) => r.data?.opportunity != null,
      // Asked for longer than the 2 s it must take, so a slow run fails saying how slow it was.
      20_000,
    );
    expect(visible.result.data!.opportunity).toMatchObject({ id: opportunityId, partnerId: partners.a });
    expect(visible.elapsed).toBeLessThanOrEqual(2_000);

    // Before the win, for the timeline below: a move to the pipeline's next open stage, a call logged
    // on the deal, and a case with a reply to the customer.
    const at = await admin<{ opportunity: { stageId: string; pipeline: { stages: { id: string; position: number; outcome: string }[] } } }>(
      'query($id: ID!) { opportunity(id: $id) { stageId pipeline { stages { id position outcome } } } }',
      { id: opportunityId },
    );
    const stages = at.data!.opportunity.pipeline.stages.filter((st) => st.outcome === 'OPEN').sort((x, y) => x.position - y.position);
    const next = stages[stages.findIndex((st) => st.id === at.data!.opportunity.stageId) + 1]!;
    const moved = await admin('mutation($i: ChangeOpportunityStageInput!) { changeOpportunityStage(input: $i) { id } }', {
      i: { id: opportunityId, stageId: next.id },
    });
    expect(moved.errors).toBeUndefined();
    const called = await admin<{ logActivity: { id: string } }>('mutation($i: LogActivityInput!) { logActivity(input: $i) { id } }', {
      i: { type: 'CALL', subject: 'Scope review', customerId, opportunityId, completed: true },
    });
    expect(called.errors).toBeUndefined();
    const kase = await stack.ctx.newCase({ customerId, subject: 'Licence keys' });
    const replied = await admin('mutation($i: PostCaseMessageInput!) { postCaseMessage(input: $i) { id } }', {
      i: { caseId: kase.id, body: 'Your keys are on their way.' },
    });
    expect(replied.errors).toBeUndefined();
    // A quote before the win (a won deal takes none), for the timeline below.
    const quoted = await admin<{ createQuote: { id: string } }>('mutation($i: CreateQuoteInput!) { createQuote(input: $i) { id } }', {
      i: { opportunityId, lines: [{ productId, quantity: '2', unitPrice: '100.25' }] },
    });
    expect(quoted.errors).toBeUndefined();

    const won = await admin('mutation($i: CloseOpportunityInput!) { winOpportunity(input: $i) { id status } }', {
      i: { id: opportunityId, reason: 'Signed' },
    });
    expect(won.errors).toBeUndefined();
    const accrued = await until(
      () => asA<{ commissions: { edges: { node: Commission }[] } }>('PartnerCommissions', { first: 10 }),
      (r) => (r.data?.commissions.edges ?? []).some((e) => e.node.opportunityId === opportunityId),
      15_000,
    );
    const commission = accrued.result.data!.commissions.edges.map((e) => e.node).find((c) => c.opportunityId === opportunityId);
    // 12500.50 × 12.5 % = 1562.5625, to the last digit.
    expect(commission).toMatchObject({
      ratePercent: '12.5000',
      base: { amount: '12500.5000', currency: 'EUR' },
      amount: { amount: '1562.5625', currency: 'EUR' },
      status: 'ACCRUED',
    });

    // The registration follows its opportunity, and the scorecard counts it.
    const registration = await until(
      () => asA<{ dealRegistration: { status: string } | null }>('PartnerDealRegistration', { id: registrationId }),
      (r) => r.data?.dealRegistration?.status === 'WON',
      15_000,
    );
    expect(registration.result.data!.dealRegistration!.status).toBe('WON');
    const card = await asA<{ partnerScorecard: Record<string, unknown> }>('PartnerScorecard', { partnerId: partners.a });
    expect(card.data!.partnerScorecard).toMatchObject({
      registrationsSubmitted: 1,
      registrationsWon: 1,
      winRate: '1.0000',
      commissionsAccrued: [{ amount: '1562.5625', currency: 'EUR' }],
    });

    // B sees none of it: A's commission, statement and scorecard answer as missing ones.
    expect(await asB('PartnerCommission', { id: commission!.id })).toEqual({ data: { commission: null } });
    const period = new Date().toISOString().slice(0, 7);
    expect(await asB('PartnerCommissionStatement', { partnerId: partners.a, period })).toEqual({ data: { commissionStatement: null } });
    expect(await asB('PartnerScorecard', { partnerId: partners.a })).toEqual({ data: { partnerScorecard: null } });

    // The customer's timeline (issue 17): the approval, the deal and its stage move, the call, the
    // case reply, the quote, the win and the commission, each with its sentence and the record a
    // console opens, from the mutations above.
    type Entry = { type: string; source: string; summary: string; link: { type: string; id: string } | null };
    const wanted = [
      'DEAL_REGISTRATION_APPROVED',
      'OPPORTUNITY_OPENED',
      'OPPORTUNITY_STAGE_CHANGED',
      'CALL_COMPLETED',
      'CASE_REPLIED',
      'QUOTE_CREATED',
      'OPPORTUNITY_WON',
      'COMMISSION_ACCRUED',
    ];
    const timeline = await until(
      () =>
        admin<{ customer: { timeline: { edges: { node: Entry }[] } } }>(
          'query($id: ID!) { customer(id: $id) { timeline(first: 100) { edges { node { type source summary link { type id } } } } } }',
          { id: customerId },
        ),
      (r) => wanted.every((t) => r.data?.customer.timeline.edges.some((e) => e.node.type === t)),
      15_000,
    );
    const entries = timeline.result.data!.customer.timeline.edges.map((e) => e.node);
    const entry = (type: string) => entries.find((e) => e.type === type);
    expect(entry('DEAL_REGISTRATION_APPROVED')).toMatchObject({
      source: 'partners',
      summary: expect.stringMatching(/^Deal registration approved: /),
      link: { type: 'DealRegistration', id: registrationId },
    });
    expect(entry('OPPORTUNITY_OPENED')).toMatchObject({ source: 'sales', link: { type: 'Opportunity', id: opportunityId } });
    expect(entry('OPPORTUNITY_OPENED')!.summary).toMatch(/^Opportunity .+ opened \(/);
    expect(entry('OPPORTUNITY_STAGE_CHANGED')).toMatchObject({ source: 'sales', link: { type: 'Opportunity', id: opportunityId } });
    expect(entry('CALL_COMPLETED')).toMatchObject({
      source: 'sales',
      summary: 'Call done: Scope review',
      link: { type: 'Activity', id: called.data!.logActivity.id },
    });
    expect(entry('CASE_REPLIED')).toMatchObject({ source: 'service', link: { type: 'Case', id: kase.id } });
    expect(entry('OPPORTUNITY_WON')).toMatchObject({
      source: 'sales',
      summary: expect.stringMatching(/won: Signed$/),
      link: { type: 'Opportunity', id: opportunityId },
    });
    // 2 × 100.25 = 200.50, one line.
    expect(entry('QUOTE_CREATED')).toMatchObject({
      source: 'sales',
      summary: expect.stringMatching(/^Quote v1 created: .*200\.5.*\(1 line\)$/),
      link: { type: 'Quote', id: quoted.data!.createQuote.id },
    });
    expect(entry('COMMISSION_ACCRUED')).toMatchObject({
      source: 'partners',
      summary: expect.stringMatching(/^Partner commission accrued: .*1562\.5625.*\(12\.5.* % of 12500\.5/),
      link: { type: 'Commission', id: commission!.id },
    });
  });

  it("lists, a page at a time, only the partner's own registrations and commissions, and its own statement and scorecard", async () => {
    type Page<N> = { edges: { cursor: string; node: N }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
    const register = async (as: typeof asA, domain: string) => {
      const res = await as<{ registerDeal: { id: string } }>('PartnerRegisterDeal', { input: deal(domain) });
      expect(res.errors).toBeUndefined();
      return res.data!.registerDeal.id;
    };
    /** Every page of a safelisted list, `first` at a time: the ids in order and the pages' sizes. */
    const pages = async (as: typeof asA, op: string, field: string, first: number) => {
      const ids: string[] = [];
      const sizes: number[] = [];
      let after: string | null = null;
      do {
        const res: GqlResponse<Record<string, Page<{ id: string }>>> = await as<Record<string, Page<{ id: string }>>>(op, { first, after });
        expect(res.errors).toBeUndefined();
        const page: Page<{ id: string }> = res.data![field]!;
        ids.push(...page.edges.map((e) => e.node.id));
        sizes.push(page.edges.length);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      return { ids, sizes };
    };
    const stamp = Date.now();
    const aOwn = [await register(asA, `paging-a1-${stamp}.example`), await register(asA, `paging-a2-${stamp}.example`)];
    const bOwn = await register(asB, `paging-b-${stamp}.example`);

    // A's second won deal, so its commissions fill two pages of one.
    const second = await stack.ctx.newCustomer({ name: 'Initrode' });
    const approved = await admin<{ approveDealRegistration: { opportunityId: string } }>(
      'mutation($i: ApproveDealRegistrationInput!) { approveDealRegistration(input: $i) { opportunityId } }',
      { i: { id: aOwn[0], customerId: second.id } },
    );
    expect(approved.errors).toBeUndefined();
    const opportunityId = approved.data!.approveDealRegistration.opportunityId;
    await until(
      () => asA<{ opportunity: { id: string } | null }>('PartnerOpportunity', { id: opportunityId }),
      (r) => r.data?.opportunity != null,
      20_000,
    );
    const won = await admin('mutation($i: CloseOpportunityInput!) { winOpportunity(input: $i) { id } }', {
      i: { id: opportunityId, reason: 'Signed' },
    });
    expect(won.errors).toBeUndefined();
    await until(
      () => asA<{ commissions: Page<{ opportunityId: string }> }>('PartnerCommissions', { first: 10 }),
      (r) => (r.data?.commissions.edges ?? []).some((e) => e.node.opportunityId === opportunityId),
      15_000,
    );

    // Registrations: A's three over two pages of two, newest first; B's one alone; neither sees the other's.
    const aRegistrations = await pages(asA, 'PartnerDealRegistrations', 'dealRegistrations', 2);
    expect(aRegistrations.sizes).toEqual([2, 1]);
    expect(aRegistrations.ids.slice(0, 2)).toEqual([...aOwn].reverse());
    expect(aRegistrations.ids).not.toContain(bOwn);
    expect((await pages(asB, 'PartnerDealRegistrations', 'dealRegistrations', 2)).ids).toEqual([bOwn]);
    expect(await asB('PartnerDealRegistration', { id: aOwn[0] })).toEqual({ data: { dealRegistration: null } });
    expect(await asA('PartnerDealRegistration', { id: bOwn })).toEqual({ data: { dealRegistration: null } });

    // Commissions: A's two over two pages of one; B has none to list.
    const aCommissions = await pages(asA, 'PartnerCommissions', 'commissions', 1);
    expect(aCommissions.sizes).toEqual([1, 1]);
    expect(new Set(aCommissions.ids).size).toBe(2);
    expect((await pages(asB, 'PartnerCommissions', 'commissions', 1)).ids).toEqual([]);
    for (const id of aCommissions.ids) expect(await asB('PartnerCommission', { id })).toEqual({ data: { commission: null } });

    // A's statement sums both accruals exactly; B's own has nothing; each other's answers as a missing partner's.
    const period = new Date().toISOString().slice(0, 7);
    const statement = await asA<{ commissionStatement: { totals: unknown[] } }>('PartnerCommissionStatement', {
      partnerId: partners.a,
      period,
    });
    expect(statement.data!.commissionStatement.totals).toEqual([
      expect.objectContaining({ currency: 'EUR', commissionCount: 2, accrued: expect.objectContaining({ amount: '3125.1250' }) }),
    ]);
    const bStatement = await asB<{ commissionStatement: { totals: unknown[] } }>('PartnerCommissionStatement', {
      partnerId: partners.b,
      period,
    });
    expect(bStatement.data!.commissionStatement.totals).toEqual([]);
    const missingPartner = randomUUID();
    const missingStatement = await asA('PartnerCommissionStatement', { partnerId: missingPartner, period });
    expect(missingStatement).toEqual({ data: { commissionStatement: null } });
    expect(await asA('PartnerCommissionStatement', { partnerId: partners.b, period })).toEqual(missingStatement);

    // Scorecards: A's counts its own work only; B's, asked by A, answers as a missing partner's.
    const card = await asA<{ partnerScorecard: Record<string, unknown> }>('PartnerScorecard', { partnerId: partners.a });
    expect(card.data!.partnerScorecard).toMatchObject({
      partnerId: partners.a,
      registrationsSubmitted: 3,
      registrationsApproved: 2,
      registrationsWon: 2,
      commissionsAccrued: [{ amount: '3125.1250', currency: 'EUR' }],
    });
    const bCard = await asB<{ partnerScorecard: Record<string, unknown> }>('PartnerScorecard', { partnerId: partners.b });
    expect(bCard.data!.partnerScorecard).toMatchObject({ registrationsSubmitted: 1, registrationsWon: 0, commissionsAccrued: [] });
    const missingCard = await asA('PartnerScorecard', { partnerId: missingPartner });
    expect(missingCard).toEqual({ data: { partnerScorecard: null } });
    expect(await asA('PartnerScorecard', { partnerId: partners.b })).toEqual(missingCard);
  });

  it("shows A's channel manager as the User sales owns, by the id partners keeps", async () => {
    const managerId = randomUUID();
    const created = await admin('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
      i: { id: managerId, name: 'Cora Channel' },
    });
    expect(created.errors).toBeUndefined();
    const updated = await admin('mutation($i: UpdatePartnerInput!) { updatePartner(input: $i) { id } }', {
      i: { id: partners.a, channelManagerId: managerId },
    });
    expect(updated.errors).toBeUndefined();
    const read = await admin('query($id: ID!) { partner(id: $id) { channelManagerId channelManager { id name } } }', { id: partners.a });
    expect(read).toEqual({ data: { partner: { channelManagerId: managerId, channelManager: { id: managerId, name: 'Cora Channel' } } } });
  });

  it("refuses B the same domain inside A's window with BAD_USER_INPUT on domain, without saying who holds it", async () => {
    const res = await asB<{ registerDeal: unknown }>('PartnerRegisterDeal', { input: deal('WWW.Initech.example') });
    expect(res.data ?? null).toBeNull();
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'domain' });
    expect(JSON.stringify(res)).not.toContain(partners.a);
    expect(JSON.stringify(res)).not.toMatch(/Reseller A/);
  });

  it('offers a routed lead to A, moves it to C when A lets the time run out, and only C reads it once it accepts', async () => {
    const ok = async <T>(res: Promise<{ data?: T | null; errors?: unknown }>): Promise<T> => {
      const r = await res;
      if (!r.data) throw new Error(JSON.stringify(r.errors));
      return r.data;
    };
    // A (GOLD) is tried first by the GOLD rule; C, REGISTERED, only by the one after it; B covers elsewhere.
    partners.c = (await stack.ctx.newPartner({ name: `Referrer C ${Date.now()}`, kind: 'REFERRAL' })).id;
    for (const [id, territory] of [
      [partners.a, ['NZ']],
      [partners.b, ['AU']],
      [partners.c, ['NZ']],
    ] as const) {
      await ok(admin('mutation($i: UpdatePartnerInput!) { updatePartner(input: $i) { id } }', { i: { id, territory, status: 'ACTIVE' } }));
    }
    const rule = 'mutation($i: CreateLeadDistributionRuleInput!) { createLeadDistributionRule(input: $i) { id } }';
    const rules = { territory: ['NZ'], capacity: 5, acceptWithinSeconds: 1 };
    await ok(admin(rule, { i: { ...rules, name: 'NZ gold', priority: 0, minimumTier: 'GOLD' } }));
    // C's offer comes from this rule: its hour keeps a loaded machine from expiring it before C answers.
    await ok(admin(rule, { i: { ...rules, name: 'NZ everyone', priority: 1, acceptWithinSeconds: 3600 } }));

    const captured = await ok(
      admin<{ captureLead: { id: string } }>('mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }', {
        i: { email: 'kiri@wellington.example', name: 'Kiri Te Kanawa', company: 'Wellington Wares', source: 'WEB_FORM' },
      }),
    );
    const leadId = captured.captureLead.id;
    await ok(admin('mutation($i: UpdateLeadInput!) { updateLead(input: $i) { id } }', { i: { id: leadId, country: 'NZ' } }));
    await ok(admin('mutation($i: ChangeLeadStatusInput!) { changeLeadStatus(input: $i) { id } }', { i: { leadId, status: 'QUALIFIED' } }));
    await ok(admin('mutation($i: RouteLeadToPartnersInput!) { routeLeadToPartners(input: $i) { id } }', { i: { leadId } }));

    type Offers = { leadOffers: { edges: { node: { id: string; leadId: string; status: string } }[] } };
    const offerTo = (as: typeof asA, status: string) =>
      until(
        () => as<Offers>('PartnerLeadOffers', { first: 10 }),
        (r) => (r.data?.leadOffers.edges ?? []).some((e) => e.node.leadId === leadId && e.node.status === status),
        20_000,
      ).then(({ result }) => result.data!.leadOffers.edges.find((e) => e.node.leadId === leadId && e.node.status === status)?.node);
    expect(await offerTo(asA, 'PENDING')).toBeDefined();
    // A does not answer: the job expires its offer and offers the lead to C.
    expect(await offerTo(asA, 'EXPIRED')).toBeDefined();
    const offered = await offerTo(asC, 'PENDING');
    expect(offered).toBeDefined();
    expect((await ok(asB<Offers>('PartnerLeadOffers', { first: 10 }))).leadOffers.edges).toEqual([]);

    // A cannot take it any more; C can, and then reads the person in marketing.
    const late = await asA('PartnerAcceptLeadOffer', { input: { id: offered!.id } });
    expect(late.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const accepted = await ok(asC<{ acceptLeadOffer: { status: string } }>('PartnerAcceptLeadOffer', { input: { id: offered!.id } }));
    expect(accepted.acceptLeadOffer.status).toBe('ACCEPTED');
    const readable = await until(
      () => asC<{ partnerLead: { id: string; email: string; partnerId: string } | null }>('PartnerLead', { id: leadId }),
      (r) => r.data?.partnerLead != null,
      20_000,
    );
    expect(readable.result.data!.partnerLead).toMatchObject({ id: leadId, email: 'kiri@wellington.example', partnerId: partners.c });
    for (const other of [asA, asB]) expect(await other('PartnerLead', { id: leadId })).toEqual({ data: { partnerLead: null } });
  });
});
