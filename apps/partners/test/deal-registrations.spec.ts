import * as path from 'node:path';
import { OpportunityCreated, OpportunityLost, OpportunityStageChanged, OpportunityWon } from '@crm/contracts';
import { asPartner } from '@crm/testing';
import { itKeepsItsContracts, useTestSubgraph, type TestSubgraph } from '@crm/subgraph-testing';
import { DealRegistrationExpiryJob } from '../src/deal-registrations/deal-registration-expiry.job';
import { partnersSubgraph } from '../src/partners.subgraph';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
/** The protection window this spec configures. */
const WINDOW_DAYS = 30;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

const FIELDS =
  'id partnerId companyName domain customerId productId status opportunityId protectionExpiresAt expiredAt rejectionReason estimatedAmount { amount currency } expectedClose';
const REGISTER = `mutation($i: RegisterDealInput!) { registerDeal(input: $i) { ${FIELDS} } }`;
const APPROVE = `mutation($i: ApproveDealRegistrationInput!) { approveDealRegistration(input: $i) { ${FIELDS} } }`;
const REJECT = `mutation($i: RejectDealRegistrationInput!) { rejectDealRegistration(input: $i) { ${FIELDS} } }`;
const BY_ID = `query($id: ID!) { dealRegistration(id: $id) { ${FIELDS} } }`;
const LIST = 'query { dealRegistrations(first: 100) { edges { node { id status } } } }';
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on DealRegistration { id status } } }';

interface Registration {
  id: string;
  partnerId: string;
  domain: string;
  customerId: string | null;
  status: string;
  productId: string | null;
  expiredAt: string | null;
  opportunityId: string | null;
  protectionExpiresAt: string | null;
  rejectionReason: string | null;
  estimatedAmount: { amount: string; currency: string };
}

const deal = (overrides: Record<string, unknown> = {}) => ({
  companyName: 'Globex',
  domain: 'globex.example',
  contactName: 'Hank Scorpio',
  contactEmail: 'hank@globex.example',
  productInterest: 'CRM Enterprise',
  estimatedAmount: { amount: '12500.50', currency: 'EUR' },
  expectedClose: day(30),
  ...overrides,
});

/** Deal registration through GraphQL: a partner registers, a channel manager decides, every change is an event. */
describe('partners subgraph: deal registrations', () => {
  // The expiry job is run by hand, at the time each test needs.
  // A protection window of 30 days, not the default 90: the window is the setting's, not a constant.
  const sub = useTestSubgraph(partnersSubgraph, {
    poolSize: 2,
    env: { DEAL_REGISTRATION_EXPIRY_ENABLED: 'false', DEAL_REGISTRATION_PROTECTION_DAYS: String(WINDOW_DAYS) },
  });
  const { events } = sub;
  let a: string;
  let b: string;
  const asA = () => sub.gqlAs(asPartner(a));
  const asB = () => sub.gqlAs(asPartner(b));
  const written = async () => (await sub.count('deal_registration')) + (await sub.count('protected_domain')) + (await sub.count('outbox'));
  const outbox = (registrationId: string) =>
    sub.sql<{ type: string; data: Record<string, unknown> }>(
      `SELECT type, data FROM outbox WHERE data->>'registrationId' = $1 ORDER BY seq`,
      [registrationId],
    );
  const register = async (as: () => TestSubgraph['gql'], input: Record<string, unknown>): Promise<Registration> => {
    const res = await as()<{ registerDeal: Registration }>(REGISTER, { i: input });
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.registerDeal;
  };

  beforeAll(async () => {
    a = (await sub.ctx.newPartner({ name: 'Registrar A' })).id;
    b = (await sub.ctx.newPartner({ name: 'Registrar B' })).id;
  });

  itKeepsItsContracts(() => sub, partnersSubgraph, path.join(__dirname, '../schema.graphql'));

  it('registers a deal for the partner its token names, publishes it, and shows it only to that partner', async () => {
    const r = await register(asA, deal({ domain: 'WWW.Initech.Example', companyName: ' Initech ' }));
    expect(r).toMatchObject({
      partnerId: a,
      domain: 'initech.example',
      status: 'SUBMITTED',
      estimatedAmount: { amount: '12500.5000', currency: 'EUR' },
    });
    expect((await outbox(r.id)).map((e) => e.type)).toEqual(['crm.partners.deal-registration.submitted.v1']);

    expect((await asA()<{ dealRegistration: Registration }>(BY_ID, { id: r.id })).data!.dealRegistration.id).toBe(r.id);
    const missing = await asB()(BY_ID, { id: uuid(404) });
    expect(await asB()(BY_ID, { id: r.id })).toEqual(missing);
    expect(missing).toEqual({ data: { dealRegistration: null } });
    const listB = await asB()<{ dealRegistrations: { edges: { node: { id: string } }[] } }>(LIST);
    expect(listB.data!.dealRegistrations.edges.map((e) => e.node.id)).not.toContain(r.id);
    const entities = await asB()<{ _entities: unknown[] }>(ENTITIES, { r: [{ __typename: 'DealRegistration', id: r.id }] });
    expect(entities.data!._entities).toEqual([null]);
  });

  it('refuses the same domain to another partner inside the protection window without naming the holder, and lets the holder register again', async () => {
    await register(asA, deal({ domain: 'umbrella.example' }));
    const before = await written();
    const res = await asB()(REGISTER, { i: deal({ domain: 'Umbrella.example' }) });
    expect(res.data).toBeNull();
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'domain' });
    expect(res.errors![0]!.message).not.toMatch(/Registrar|[0-9a-f]{8}-/);
    expect(await written()).toBe(before);
    await register(asA, deal({ domain: 'umbrella.example', productInterest: 'Add-on' }));
  });

  it('protects a domain for the configured window from submission (or approval without an expiry), then lets another partner have it', async () => {
    type Stamps = { submitted_at: Date; decided_at: Date | null; protection_expires_at: Date | null; protected_until: Date };
    const stamps = async (id: string) =>
      (
        await sub.sql<Stamps>(
          `SELECT r.submitted_at, r.decided_at, r.protection_expires_at, p.protected_until
           FROM deal_registration r JOIN protected_domain p ON p.registration_id = r.id WHERE r.id = $1`,
          [id],
        )
      )[0]!;
    const window = WINDOW_DAYS * 86_400_000;
    const r = await register(asA, deal({ domain: 'window.example' }));
    const submitted = await stamps(r.id);
    expect(submitted.protected_until.getTime() - submitted.submitted_at.getTime()).toBe(window);

    const other = await register(asA, deal({ domain: 'window-approved.example' }));
    const approved = await sub.gql(APPROVE, { i: { id: other.id, customerId: sub.customers.add(uuid(7300)) } });
    expect(approved.errors).toBeUndefined();
    const decided = await stamps(other.id);
    expect(decided.protection_expires_at!.getTime() - decided.decided_at!.getTime()).toBe(window);
    expect(decided.protected_until).toEqual(decided.protection_expires_at);

    // The window runs out (moved into the past, as time would): B may now register the domain.
    expect((await asB()(REGISTER, { i: deal({ domain: 'window.example' }) })).errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'domain',
    });
    await sub.sql(`UPDATE protected_domain SET protected_until = now() - interval '1 second' WHERE registration_id = $1`, [r.id]);
    expect((await register(asB, deal({ domain: 'window.example' }))).partnerId).toBe(b);
  });

  it('lets exactly one of two partners racing for a domain have it', async () => {
    const results = await Promise.all([asA(), asB(), asA(), asB()].map((gql) => gql(REGISTER, { i: deal({ domain: 'race.example' }) })));
    const winners = new Set(results.filter((r) => r.data).map((r) => (r.data as { registerDeal: Registration }).registerDeal.partnerId));
    expect(winners.size).toBe(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.field === 'domain').length).toBeGreaterThanOrEqual(1);
  });

  it('refuses a customer sales has an open opportunity for, learned from sales events', async () => {
    const customerId = sub.customers.add(uuid(7001));
    const opportunityId = uuid(8001);
    const opportunity = {
      opportunityId,
      customerId,
      name: 'Existing deal',
      amount: { amount: '10', currency: 'EUR' },
      closeDate: day(10),
      ownerId: null,
      partnerId: null,
      pipelineId: uuid(1),
      stageId: uuid(2),
      status: 'OPEN' as const,
    };
    // Registrations name the customer until the event is applied, then they are refused on it.
    const registerFor = () => asA()(REGISTER, { i: deal({ domain: `open-opp-${Date.now()}.example`, customerId }) });
    const until = async (refused: boolean) => {
      const deadline = Date.now() + 15_000;
      let res = await registerFor();
      while (Boolean(res.errors) !== refused && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        res = await registerFor();
      }
      return res;
    };
    expect((await registerFor()).errors).toBeUndefined();
    await events.send(OpportunityCreated, { ...opportunity, createdAt: new Date().toISOString() });
    const refused = await until(true);
    expect(refused.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'customerId' });
    expect(refused.errors![0]!.message).toMatch(/open opportunity/);

    await events.send(OpportunityWon, {
      ...opportunity,
      status: 'WON',
      reason: 'signed',
      closedBy: null,
      closedAt: new Date().toISOString(),
    });
    expect((await until(false)).errors).toBeUndefined();
  });

  it('approves with a protection expiry and publishes deal-registration.approved for sales; approving again names the state', async () => {
    const customerId = sub.customers.add(uuid(7100));
    const r = await register(asA, deal({ domain: 'approve.example' }));
    const expiry = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const approved = await sub.gql<{ approveDealRegistration: Registration }>(APPROVE, {
      i: { id: r.id, customerId, protectionExpiresAt: expiry },
    });
    expect(approved.data!.approveDealRegistration).toMatchObject({ status: 'APPROVED', customerId, protectionExpiresAt: expiry });
    const opportunityId = approved.data!.approveDealRegistration.opportunityId;
    expect((await outbox(r.id)).map((e) => [e.type, e.data.opportunityId ?? null])).toEqual([
      ['crm.partners.deal-registration.submitted.v1', null],
      ['crm.partners.deal-registration.approved.v1', opportunityId],
    ]);
    const [event] = (await outbox(r.id)).slice(1);
    expect(event!.data).toMatchObject({
      partnerId: a,
      customerId,
      amount: { amount: '12500.5000', currency: 'EUR' },
      closeDate: deal().expectedClose,
    });

    const before = await written();
    const again = await sub.gql(APPROVE, { i: { id: r.id, customerId } });
    expect(again.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(again.errors![0]!.message).toMatch(/APPROVED/);
    expect(await written()).toBe(before);
    expect((await asA()<{ dealRegistration: Registration }>(BY_ID, { id: r.id })).data!.dealRegistration.status).toBe('APPROVED');
  });

  it('rejects with a reason the partner sees, frees the domain, and refuses to approve a rejected registration naming its state', async () => {
    const r = await register(asA, deal({ domain: 'reject.example' }));
    const rejected = await sub.gql<{ rejectDealRegistration: Registration }>(REJECT, { i: { id: r.id, reason: 'Already ours' } });
    expect(rejected.data!.rejectDealRegistration).toMatchObject({ status: 'REJECTED', rejectionReason: 'Already ours' });
    expect((await asA()<{ dealRegistration: Registration }>(BY_ID, { id: r.id })).data!.dealRegistration.rejectionReason).toBe(
      'Already ours',
    );

    const before = await written();
    const approve = await sub.gql(APPROVE, { i: { id: r.id, customerId: sub.customers.add(uuid(7200)) } });
    expect(approve.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(approve.errors![0]!.message).toMatch(/REJECTED/);
    expect(await written()).toBe(before);
    await register(asB, deal({ domain: 'reject.example' }));
  });

  it('lets no partner decide, and no staff member register', async () => {
    const r = await register(asA, deal({ domain: 'self-approve.example' }));
    for (const res of [
      await asA()(APPROVE, { i: { id: r.id, customerId: uuid(7300) } }),
      await asA()(REJECT, { i: { id: r.id, reason: 'no' } }),
      await sub.gql(REGISTER, { i: deal({ domain: 'staff.example' }) }),
    ]) {
      expect(res.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    }
    expect((await sub.gql(APPROVE, { i: { id: uuid(404), customerId: sub.customers.add(uuid(7300)) } })).errors![0]!.extensions).toEqual({
      code: 'NOT_FOUND',
    });
  });

  it('keeps row-level security on deal_registration: another partner sees and writes nothing, no scope sees nothing', async () => {
    await register(asA, deal({ domain: 'rls.example' }));
    await sub.asApp(b, async (c) => {
      expect((await c.query('SELECT 1 FROM deal_registration WHERE partner_id = $1', [a])).rowCount).toBe(0);
      expect((await c.query(`UPDATE deal_registration SET status = 'APPROVED' WHERE partner_id = $1`, [a])).rowCount).toBe(0);
    });
    await sub.asApp(null, async (c) => expect((await c.query('SELECT * FROM deal_registration')).rowCount).toBe(0));
  });

  it.each([
    ['a negative amount', deal({ estimatedAmount: { amount: '-1', currency: 'EUR' } }), 'estimatedAmount.amount', /negative/],
    ['an expected close in the past', deal({ expectedClose: day(-1) }), 'expectedClose', /today or later/],
    ['a malformed expected close', deal({ expectedClose: '2031-02-30' }), 'expectedClose', /YYYY-MM-DD/],
    ['a domain that is no domain', deal({ domain: 'not a domain' }), 'domain', /domain name/],
    ['a bad contact email', deal({ contactEmail: 'hank' }), 'contactEmail', /email/],
    ['a blank company name', deal({ companyName: '  ' }), 'companyName', /1 to 200/],
    ['an unknown currency', deal({ estimatedAmount: { amount: '1', currency: 'XYZ' } }), 'estimatedAmount.currency', /ISO 4217/],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, input, field, message) => {
    const before = await written();
    const res = await asA()(REGISTER, { i: input });
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(res.errors![0]!.message).toMatch(message);
    expect(await written()).toBe(before);
  });

  it('keeps the sales product a registration names, and refuses one sales does not have naming productId, writing nothing', async () => {
    const productId = sub.customers.addProduct(uuid(9001));
    const r = await register(asA, deal({ domain: 'product.example', productId }));
    expect(r.productId).toBe(productId);
    const [submitted] = await outbox(r.id);
    expect(submitted!.data.productId).toBe(productId);

    const before = await written();
    const res = await asA()(REGISTER, { i: deal({ domain: 'unknown-product.example', productId: uuid(9404) }) });
    expect(res.data).toBeNull();
    expect(res.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'productId' });
    expect(res.errors![0]!.message).toMatch(/Product/);
    expect(await written()).toBe(before);
  });

  describe('expiry', () => {
    const approve = async (domain: string, customer: number, days: number) => {
      const r = await register(asA, deal({ domain }));
      const protectionExpiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
      const res = await sub.gql<{ approveDealRegistration: Registration }>(APPROVE, {
        i: { id: r.id, customerId: sub.customers.add(uuid(customer)), protectionExpiresAt },
      });
      return res.data!.approveDealRegistration;
    };
    const statusOf = async (id: string) => (await asA()<{ dealRegistration: Registration }>(BY_ID, { id })).data!.dealRegistration;
    const until = async (id: string, status: string) => {
      const deadline = Date.now() + 15_000;
      let r = await statusOf(id);
      while (r.status !== status && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 100));
        r = await statusOf(id);
      }
      return r;
    };
    const won = (r: Registration) => ({
      opportunityId: r.opportunityId!,
      customerId: r.customerId!,
      name: 'Partner deal',
      amount: { amount: '100', currency: 'EUR' },
      closeDate: day(1),
      ownerId: null,
      partnerId: a,
      pipelineId: uuid(1),
      stageId: uuid(2),
      status: 'WON' as const,
      reason: 'signed',
      closedBy: null,
      closedAt: new Date().toISOString(),
    });

    it('expires an approved registration not won by its protection expiry, once, tells the partner, and frees the domain', async () => {
      const due = await approve('expire.example', 7400, 10);
      const later = await approve('expire-later.example', 7401, 40);
      const submitted = await register(asA, deal({ domain: 'expire-submitted.example' }));
      const wonReg = await approve('expire-won.example', 7402, 10);
      await events.send(OpportunityWon, won(wonReg));
      expect((await until(wonReg.id, 'WON')).status).toBe('WON');

      const job = sub.app.get(DealRegistrationExpiryJob);
      const at = new Date(Date.now() + 20 * 86_400_000);
      expect(await job.runOnce(at)).toBeGreaterThanOrEqual(1);
      expect(await statusOf(due.id)).toMatchObject({ status: 'EXPIRED', expiredAt: at.toISOString() });
      for (const [r, status] of [
        [later, 'APPROVED'],
        [submitted, 'SUBMITTED'],
        [wonReg, 'WON'],
      ] as const) {
        expect((await statusOf(r.id)).status).toBe(status);
      }
      const expired = (await outbox(due.id)).filter((e) => e.type === 'crm.partners.deal-registration.expired.v1');
      expect(expired.map((e) => e.data)).toEqual([
        {
          registrationId: due.id,
          partnerId: a,
          customerId: due.customerId,
          opportunityId: due.opportunityId,
          companyName: 'Globex',
          protectionExpiredAt: due.protectionExpiresAt,
          expiredAt: at.toISOString(),
        },
      ]);

      // Idempotent: a second run (or a second instance) expires nothing again.
      const before = await written();
      expect(await job.runOnce(at)).toBe(0);
      expect(await written()).toBe(before);
      // The domain is free: another partner registers it.
      expect((await register(asB, deal({ domain: 'expire.example' }))).status).toBe('SUBMITTED');
    });

    it('follows the opportunity to WON, APPROVED when reopened and LOST, shows the partner each status and publishes each move once', async () => {
      const r = await approve('outcome.example', 7500, 30);
      const { reason: _reason, closedBy: _closedBy, closedAt: _closedAt, ...opportunity } = won(r);
      const moves = async () =>
        (await outbox(r.id)).filter((e) => e.type === 'crm.partners.deal-registration.status-changed.v1').map((e) => e.data);

      await events.send(OpportunityWon, won(r));
      expect((await until(r.id, 'WON')).status).toBe('WON');
      // The same win again (sales redelivers, or a second event says the same) moves nothing.
      await events.send(OpportunityWon, won(r));
      await events.send(OpportunityStageChanged, {
        ...opportunity,
        status: 'OPEN',
        fromStageId: uuid(3),
        fromStatus: 'WON',
        changedBy: null,
        changedAt: new Date().toISOString(),
      });
      expect((await until(r.id, 'APPROVED')).status).toBe('APPROVED');
      await events.send(OpportunityLost, { ...won(r), status: 'LOST', reason: 'budget' });
      expect((await until(r.id, 'LOST')).status).toBe('LOST');

      const published = await moves();
      expect(published.map((m) => [m.from, m.to])).toEqual([
        ['APPROVED', 'WON'],
        ['WON', 'APPROVED'],
        ['APPROVED', 'LOST'],
      ]);
      expect(published[0]).toEqual({
        registrationId: r.id,
        partnerId: a,
        customerId: r.customerId,
        opportunityId: r.opportunityId,
        companyName: 'Globex',
        from: 'APPROVED',
        to: 'WON',
        changedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
      // The partner's list shows the final status too; another partner's shows nothing of it.
      const listed = await asA()<{ dealRegistrations: { edges: { node: { id: string; status: string } }[] } }>(LIST);
      expect(listed.data!.dealRegistrations.edges.find((e) => e.node.id === r.id)?.node.status).toBe('LOST');
      expect(await asB()(BY_ID, { id: r.id })).toEqual({ data: { dealRegistration: null } });
    });
  });

  it.each([
    ['a protection expiry in the past', { protectionExpiresAt: new Date(Date.now() - 1000).toISOString() }, 'protectionExpiresAt'],
    ['no customer at all', {}, 'customerId'],
  ])('refuses an approval with %s, writing nothing', async (_case, extra, field) => {
    const r = await register(asA, deal({ domain: `approval-${field}.example` }));
    const before = await written();
    const res = await sub.gql(APPROVE, { i: { id: r.id, ...extra } });
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await written()).toBe(before);
  });
});
