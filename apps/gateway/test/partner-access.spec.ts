import * as fs from 'node:fs';
import { ACCESS_MATRIX, DOMAINS, ROLES, type Domain, type Role } from '@crm/auth';
import { generateSigningKey, mintToken } from '@crm/auth/dev';
import {
  ADMIN,
  asCustomer,
  asPartner,
  eventually,
  graphqlClient,
  mapConcurrently,
  testToken,
  type Gql,
  type GqlResponse,
  type TestStack,
  startTestStack,
} from '@crm/testing';
import { Client } from 'pg';
import { DEFAULT_PARTNER_OPERATIONS_FILE, DEFAULT_PORTAL_OPERATIONS_FILE } from '../src/gateway.server';
import { loadSafelist } from '../src/persisted-operations';

const MISSING = '00000000-0000-4000-8000-000000000000';
/** Customers the partners are linked to; made in sales before the links, which name customers that exist. */
const customerIds = { a: '', shared: '' };

/** A contract's safelisted operations, by operation name (a document may start with its fragments). */
const operationsOf = (file: string) =>
  Object.fromEntries([...loadSafelist(file)].map(([id, doc]) => [/(?:^|\s)(?:query|mutation) (\w+)/.exec(doc)![1]!, { id, doc }]));
const OPS = operationsOf(DEFAULT_PARTNER_OPERATIONS_FILE);
const PORTAL_OPS = operationsOf(DEFAULT_PORTAL_OPERATIONS_FILE);

interface Opp {
  id: string;
  name: string;
  partnerId: string | null;
}
type OppList = { opportunities: { edges: { node: Opp }[] } };

/**
 * Partner and portal access end to end: the partner and portal endpoints (contract + safelist),
 * the internal endpoint with their tokens, and the subgraphs called directly with them, all on
 * pools of two connections per subgraph.
 */
describe('access through the gateway', () => {
  let stack: TestStack;
  let admin: Gql;
  const partners = { a: '', b: '' };
  const opps: { a: string[]; b: string[] } = { a: [], b: [] };
  /** The sales customer every deal is for. */
  let customerId: string;

  /** A persisted partner operation, sent by hash (as portals do) or as the exact document. */
  function partnerOp(who: 'a' | 'b') {
    let token: Promise<string> | undefined;
    return async <T>(
      name: string,
      variables: Record<string, unknown> = {},
      opts: { byHash?: boolean; headers?: Record<string, string> } = {},
    ) => {
      const op = OPS[name]!;
      const body = opts.byHash
        ? { variables, extensions: { persistedQuery: { version: 1, sha256Hash: op.id } } }
        : { query: op.doc, variables };
      const res = await fetch(stack.partnerGatewayUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await (token ??= testToken(asPartner(partners[who])))}`,
          ...opts.headers,
        },
        body: JSON.stringify(body),
      });
      return (await res.json()) as GqlResponse<T>;
    };
  }
  let asA: ReturnType<typeof partnerOp>;
  let asB: ReturnType<typeof partnerOp>;

  /** Two customers of the self-service portal, each with a contact, a case (a reply and a note) and a token. */
  const portal = {
    a: { customerId: '', contactId: '', caseId: '' },
    b: { customerId: '', contactId: '', caseId: '' },
  };
  const articles = { public: '', internal: '' };
  /** A safelisted portal operation as the exact document (or by hash), with customer `who`'s token (or the claims given). */
  const portalOp = async <T>(
    who: 'a' | 'b' | { claims: Parameters<typeof testToken>[0] },
    name: string,
    variables: Record<string, unknown> = {},
    opts: { byHash?: boolean } = {},
  ) => {
    const op = PORTAL_OPS[name]!;
    const claims = typeof who === 'string' ? asCustomer(portal[who].customerId, portal[who].contactId) : who.claims;
    const res = await fetch(stack.portalGatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await testToken(claims)}` },
      body: JSON.stringify(
        opts.byHash ? { variables, extensions: { persistedQuery: { version: 1, sha256Hash: op.id } } } : { query: op.doc, variables },
      ),
    });
    return { status: res.status, ...((await res.json()) as GqlResponse<T>) };
  };

  const opportunityRows = async () => {
    const c = new Client({ connectionString: stack.databases.sales });
    await c.connect();
    const { rows } = await c.query<Record<string, unknown>>('SELECT id, name, partner_id, updated_at FROM opportunity ORDER BY id');
    await c.end();
    return rows;
  };

  beforeAll(async () => {
    stack = await startTestStack({ subgraphEnv: { DATABASE_POOL_SIZE: '2' } });
    admin = graphqlClient(stack.gatewayUrl);
    asA = partnerOp('a');
    asB = partnerOp('b');
    for (const who of ['a', 'b'] as const) partners[who] = (await stack.ctx.newPartner({ name: `Partner ${who} ${Date.now()}` })).id;
    customerId = (await stack.ctx.newCustomer({ name: 'Shared Co' })).id;
    customerIds.a = (await stack.ctx.newCustomer({ name: 'Linked to A' })).id;
    customerIds.shared = (await stack.ctx.newCustomer({ name: 'Linked to A and B' })).id;
    for (const [who, customers] of [
      ['a', [customerIds.a, customerIds.shared]],
      ['b', [customerIds.shared]],
    ] as const) {
      for (const c of customers) {
        const link = await admin('mutation($i: LinkPartnerInput!) { linkPartnerToCustomer(input: $i) { id } }', {
          i: { partnerId: partners[who], customerId: c },
        });
        expect(link.errors).toBeUndefined();
      }
      for (let i = 0; i < 2; i++) {
        const o = await admin<{ createOpportunity: { id: string } }>(
          'mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }',
          {
            i: {
              customerId,
              name: `Deal ${who}${i}`,
              amount: { amount: '100', currency: 'EUR' },
              closeDate: '2027-01-31',
              partnerId: partners[who],
            },
          },
        );
        opps[who].push(o.data!.createOpportunity.id);
      }
    }
    // One internal deal nobody's partner may see.
    await admin('mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }', {
      i: { customerId, name: 'Internal deal', amount: { amount: '5', currency: 'EUR' }, closeDate: '2027-01-31' },
    });

    for (const who of ['a', 'b'] as const) {
      const c = portal[who];
      c.customerId = (await stack.ctx.newCustomer({ name: `Portal customer ${who}` })).id;
      c.contactId = (await stack.ctx.newContact({ customerId: c.customerId })).id;
      const opened = await admin<{ openCase: { id: string } }>('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
        i: { customerId: c.customerId, contactId: c.contactId, subject: `Broken for ${who}`, priority: 'HIGH' },
      });
      expect(opened.errors).toBeUndefined();
      c.caseId = opened.data!.openCase.id;
      for (const internal of [false, true]) {
        const posted = await admin('mutation($i: PostCaseMessageInput!) { postCaseMessage(input: $i) { id } }', {
          i: { caseId: c.caseId, body: `${internal ? 'Note' : 'Reply'} for ${who}`, internal },
        });
        expect(posted.errors).toBeUndefined();
      }
    }
    for (const visibility of ['PUBLIC', 'INTERNAL'] as const) {
      const created = await admin<{ createKnowledgeArticle: { id: string } }>(
        'mutation($i: CreateKnowledgeArticleInput!) { createKnowledgeArticle(input: $i) { id } }',
        { i: { title: `Gizmo ${visibility.toLowerCase()} fix`, body: 'How to fix the gizmo.', visibility } },
      );
      const id = created.data!.createKnowledgeArticle.id;
      expect((await admin('mutation($id: ID!) { publishKnowledgeArticle(id: $id) { id } }', { id })).errors).toBeUndefined();
      articles[visibility === 'PUBLIC' ? 'public' : 'internal'] = id;
    }
  }, 600_000);

  afterAll(() => stack?.stop());

  it("answers B's opportunity and partner record to A exactly as nonexistent ids, on both endpoints", async () => {
    const theirs = await asA('PartnerOpportunity', { id: opps.b[0] });
    expect(theirs).toEqual({ data: { opportunity: null } });
    expect(await asA('PartnerOpportunity', { id: MISSING })).toEqual(theirs);
    expect(await asA('PartnerOpportunity', { id: opps.b[0] }, { byHash: true })).toEqual(theirs);

    const otherPartner = await asA('PartnerSelf', { id: partners.b });
    expect(otherPartner).toEqual({ data: { partner: null } });
    expect(await asA('PartnerSelf', { id: MISSING })).toEqual(otherPartner);

    // The internal endpoint refuses a partner's token outright, even for its own rows.
    const internal = graphqlClient(stack.gatewayUrl, asPartner(partners.a));
    const q = 'query($id: ID!) { opportunity(id: $id) { id } }';
    for (const id of [opps.b[0], MISSING, opps.a[0]]) {
      const res = await internal(q, { id });
      expect(res.data).toBeUndefined();
      expect(res.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    }
  });

  it('resolves another partner’s entity by key as a nonexistent one, at each subgraph reached directly with the same token', async () => {
    const entities = (subgraph: string) => graphqlClient(stack.subgraphUrls[subgraph]!, asPartner(partners.a));
    const sales = await entities('sales')<{ _entities: (Opp | null)[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Opportunity { id name partnerId } } }',
      { r: [opps.b[0], MISSING, opps.a[0]].map((id) => ({ __typename: 'Opportunity', id })) },
    );
    expect(sales.errors).toBeUndefined();
    expect(sales.data!._entities).toEqual([null, null, { id: opps.a[0], name: 'Deal a0', partnerId: partners.a }]);

    const prt = await entities('partners')<{ _entities: ({ id: string } | null)[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Partner { id } ... on Customer { partners { id } } } }',
      {
        r: [
          { __typename: 'Partner', id: partners.b },
          { __typename: 'Partner', id: MISSING },
          { __typename: 'Customer', id: customerIds.shared },
        ],
      },
    );
    expect(prt.data!._entities).toEqual([null, null, { partners: [{ id: partners.a }] }]);

    // And no client can name _entities at the gateway.
    const viaGateway = await graphqlClient(stack.gatewayUrl, asPartner(partners.a))(
      'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
      { r: [{ __typename: 'Opportunity', id: opps.b[0] }] },
    );
    expect(viaGateway.data).toBeUndefined();
    expect(viaGateway.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const asAdmin = await admin('query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', {
      r: [{ __typename: 'Opportunity', id: opps.b[0] }],
    });
    expect(asAdmin.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it("lists and counts only the partner's own opportunities, and lists only its own partner record and links", async () => {
    const ids = (r: GqlResponse<OppList>) => r.data!.opportunities.edges.map((e) => e.node.id).sort();
    const firstPage = await asA<OppList & { opportunities: { totalCount: number } }>('PartnerOpportunities', { first: 1 });
    expect(firstPage.data!.opportunities.totalCount).toBe(opps.a.length);
    expect(ids(await asA<OppList>('PartnerOpportunities', { first: 100 }))).toEqual([...opps.a].sort());
    expect(ids(await asB<OppList>('PartnerOpportunities', { first: 100 }))).toEqual([...opps.b].sort());
    expect(ids(await asA<OppList>('PartnerOpportunities', { first: 100, filter: { partnerId: partners.b } }))).toEqual([]);

    const list = await asA<{ partners: { edges: { node: { id: string } }[] } }>('PartnerList', { first: 100 });
    expect(list.data!.partners.edges.map((e) => e.node.id)).toEqual([partners.a]);
    const self = await asB<{ partner: { customerLinks: { customerId: string }[] } }>('PartnerSelf', { id: partners.b });
    expect(self.data!.partner.customerLinks.map((l) => l.customerId)).toEqual([customerIds.shared]);
  });

  it("names the customers a partner is linked to, as sales' events last named them, and no other customer", async () => {
    type Links = { partner: { customerLinks: { customerId: string; customerName: string | null }[] } };
    const names = async (as: typeof asA, id: string) =>
      Object.fromEntries((await as<Links>('PartnerSelf', { id })).data!.partner.customerLinks.map((l) => [l.customerId, l.customerName]));
    const renamed = await admin('mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { id } }', {
      i: { id: customerIds.shared, name: 'Linked to A and B, renamed' },
    });
    expect(renamed.errors).toBeUndefined();
    const want = { [customerIds.a]: 'Linked to A', [customerIds.shared]: 'Linked to A and B, renamed' };
    await eventually(async () => expect(await names(asA, partners.a)).toEqual(want), 20_000);
    expect(await names(asB, partners.b)).toEqual({ [customerIds.shared]: 'Linked to A and B, renamed' });
    // The customer their deals are for is linked to neither: its name reaches neither partner.
    for (const [as, id] of [
      [asA, partners.a],
      [asB, partners.b],
    ] as const) {
      expect(JSON.stringify(await as('PartnerSelf', { id }))).not.toContain('Shared Co');
    }
  });

  it("searches only the partner's own deals and linked customers, by name and a contact's email, never the other's", async () => {
    type Hits = { search: { type: string; matchedFields: string[]; record: { __typename: string; id: string } }[] };
    const t = `zephyr${Date.now().toString(36)}`;
    // Alike in name, one side each: a customer linked to A only and one linked to B only, each with a contact and a deal.
    const mine = {
      a: { customer: '', deal: '', email: `buyer@${t}-a.example` },
      b: { customer: '', deal: '', email: `buyer@${t}-b.example` },
    };
    for (const who of ['a', 'b'] as const) {
      mine[who].customer = (await stack.ctx.newCustomer({ name: `${t} Customer ${who}` })).id;
      const link = await admin('mutation($i: LinkPartnerInput!) { linkPartnerToCustomer(input: $i) { id } }', {
        i: { partnerId: partners[who], customerId: mine[who].customer },
      });
      expect(link.errors).toBeUndefined();
      await stack.ctx.newContact({ customerId: mine[who].customer, email: mine[who].email });
      mine[who].deal = (
        await stack.ctx.newOpportunity({ customerId: mine[who].customer, name: `${t} deal ${who}`, partnerId: partners[who] })
      ).id;
      opps[who].push(mine[who].deal); // the later cases count each partner's deals
    }
    const found = (r: GqlResponse<Hits>) => r.data?.search.map((h) => `${h.record.__typename}:${h.record.id}`).sort();
    // Each side's answer, once the index has the events: exactly its own, so B's never show (not as a hit, nor in the count).
    for (const [who, as] of [
      ['a', asA],
      ['b', asB],
    ] as const) {
      const own = mine[who];
      await eventually(async () =>
        expect(found(await as<Hits>('PartnerSearch', { query: t }))).toEqual(
          [`Customer:${own.customer}`, `Opportunity:${own.deal}`].sort(),
        ),
      );
      const byEmail = await eventually(async () => {
        const r = await as<Hits>('PartnerSearch', { query: own.email.toUpperCase() }, { byHash: true });
        expect(found(r)).toEqual([`Customer:${own.customer}`]);
        return r;
      });
      expect(byEmail.data!.search[0]!.matchedFields).toEqual(['contactEmails']);
      const other = mine[who === 'a' ? 'b' : 'a'];
      expect(await as<Hits>('PartnerSearch', { query: other.email })).toEqual({ data: { search: [] } });
    }
    // Staff see all four through the internal graph: what the partners did not see was there to find.
    const staff = await admin<Hits>(
      `query($q: String!) { search(query: $q) { type matchedFields record { __typename
      ... on Customer { id } ... on Opportunity { id } } } }`,
      { q: t },
    );
    expect(staff.data!.search).toHaveLength(4);

    // The contract names no other kind of record, nor lets a search outside the safelist through.
    const contacts = await asA<Hits>('PartnerSearch', { query: mine.a.email, types: ['CONTACT'] });
    expect(contacts.data).toBeUndefined();
    expect(contacts.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(contacts.errors![0]!.message).toContain('types');
    const partner = graphqlClient(stack.partnerGatewayUrl, asPartner(partners.a));
    for (const query of [
      `query { search(query: "${t}") { type } }`,
      `query { search(query: "${t}") { record { ... on Contact { id } } } }`,
    ]) {
      expect((await partner(query)).errors![0]!.extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    }
  });

  it("cannot write B's opportunity nor move its own to B, nor open one other than by registering a deal", async () => {
    const before = await opportunityRows();
    const changeB = await asA<unknown>('PartnerUpdateOpportunity', { input: { id: opps.b[0], name: 'Taken' } });
    const changeMissing = await asA<unknown>('PartnerUpdateOpportunity', { input: { id: MISSING, name: 'Taken' } });
    expect(changeB.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(changeB.errors![0]!.message.replace(opps.b[0]!, '<id>')).toBe(changeMissing.errors![0]!.message.replace(MISSING, '<id>'));
    const move = await asA<unknown>('PartnerUpdateOpportunity', { input: { id: opps.a[0], partnerId: partners.b } });
    expect(move.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'partnerId', requestId: expect.any(String) });
    // A partner registers deals (sales opens the opportunity once the channel team approves):
    // opening one directly is not on its safelist, for itself or for B.
    const partner = graphqlClient(stack.partnerGatewayUrl, asPartner(partners.a));
    for (const partnerId of [partners.b, partners.a]) {
      const create = await partner(`mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }`, {
        i: { customerId: customerIds.a, name: 'Direct', amount: { amount: '1', currency: 'EUR' }, closeDate: '2027-01-31', partnerId },
      });
      expect(create.errors![0]!.extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    }
    expect(await opportunityRows()).toEqual(before);
  });

  describe('lead offers and accepted leads', () => {
    /** Per partner: the offer it accepted (its lead now its own in marketing) and one still PENDING. */
    const leads = { a: { accepted: '', pending: '' }, b: { accepted: '', pending: '' } };
    const offers = { a: { accepted: '', pending: '' }, b: { accepted: '', pending: '' } };
    type Offers = { leadOffers: { edges: { node: { id: string; leadId: string; status: string } }[] } };
    type Leads = { partnerLeads: { edges: { node: { id: string } }[] } };

    /** Asks until `done` holds (polled), failing with the last answer after 20 s. */
    async function until<T>(ask: () => Promise<T>, done: (r: T) => boolean): Promise<T> {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const r = await ask();
        if (done(r)) return r;
        if (Date.now() > deadline) throw new Error(`gave up waiting: ${JSON.stringify(r)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    beforeAll(async () => {
      const ok = async (res: Promise<GqlResponse<unknown>>) => expect((await res).errors).toBeUndefined();
      // A covers Denmark, B Finland; one rule each, so each lead has exactly one partner to go to.
      for (const [who, country] of [
        ['a', 'DK'],
        ['b', 'FI'],
      ] as const) {
        await ok(
          admin('mutation($i: UpdatePartnerInput!) { updatePartner(input: $i) { id } }', {
            i: { id: partners[who], status: 'ACTIVE', territory: [country] },
          }),
        );
        await ok(
          admin('mutation($i: CreateLeadDistributionRuleInput!) { createLeadDistributionRule(input: $i) { id } }', {
            i: { name: `Access ${country}`, priority: 0, territory: [country], capacity: 10, acceptWithinSeconds: 3600 },
          }),
        );
        for (const state of ['accepted', 'pending'] as const) {
          const leadId = (await stack.ctx.newLead({ company: `${state} lead of ${who}` })).id;
          await ok(admin('mutation($i: UpdateLeadInput!) { updateLead(input: $i) { id } }', { i: { id: leadId, country } }));
          await ok(
            admin('mutation($i: ChangeLeadStatusInput!) { changeLeadStatus(input: $i) { id } }', { i: { leadId, status: 'QUALIFIED' } }),
          );
          await ok(admin('mutation($i: RouteLeadToPartnersInput!) { routeLeadToPartners(input: $i) { id } }', { i: { leadId } }));
          leads[who][state] = leadId;
        }
        const as = who === 'a' ? asA : asB;
        const listed = await until(
          () => as<Offers>('PartnerLeadOffers', { first: 10 }),
          (r) => (r.data?.leadOffers.edges.length ?? 0) === 2,
        );
        for (const state of ['accepted', 'pending'] as const) {
          offers[who][state] = listed.data!.leadOffers.edges.find((e) => e.node.leadId === leads[who][state])!.node.id;
        }
        await ok(as('PartnerAcceptLeadOffer', { input: { id: offers[who].accepted } }));
        await until(
          () => as<{ partnerLead: { id: string } | null }>('PartnerLead', { id: leads[who].accepted }),
          (r) => r.data?.partnerLead != null,
        );
      }
    }, 120_000);

    it("answers B's offers and accepted lead to A exactly as nonexistent ids, and lists only A's own", async () => {
      for (const id of [offers.b.accepted, offers.b.pending, MISSING]) {
        expect(await asA('PartnerLeadOffer', { id }, { byHash: true })).toEqual({ data: { leadOffer: null } });
      }
      expect(await asA('PartnerLead', { id: leads.b.accepted })).toEqual({ data: { partnerLead: null } });
      expect(await asA('PartnerLead', { id: MISSING })).toEqual({ data: { partnerLead: null } });
      expect(await asA('PartnerLead', { id: leads.a.pending })).toEqual({ data: { partnerLead: null } });

      const offerIds = async (as: typeof asA) =>
        (await as<Offers>('PartnerLeadOffers', { first: 100 })).data!.leadOffers.edges.map((e) => e.node.id).sort();
      expect(await offerIds(asA)).toEqual([offers.a.accepted, offers.a.pending].sort());
      expect(await offerIds(asB)).toEqual([offers.b.accepted, offers.b.pending].sort());
      const leadIds = async (as: typeof asA) =>
        (await as<Leads>('PartnerLeads', { first: 100 })).data!.partnerLeads.edges.map((e) => e.node.id);
      expect(await leadIds(asA)).toEqual([leads.a.accepted]);
      expect(await leadIds(asB)).toEqual([leads.b.accepted]);

      // Nor can A answer B's offer: NOT_FOUND, worded as for a missing one, and B's offer stays PENDING.
      const stolen = await asA<unknown>('PartnerAcceptLeadOffer', { input: { id: offers.b.pending } });
      const missing = await asA<unknown>('PartnerAcceptLeadOffer', { input: { id: MISSING } });
      expect(stolen.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
      expect(stolen.errors![0]!.message.replace(offers.b.pending, '<id>')).toBe(missing.errors![0]!.message.replace(MISSING, '<id>'));
      expect((await asB<{ leadOffer: { status: string } }>('PartnerLeadOffer', { id: offers.b.pending })).data!.leadOffer.status).toBe(
        'PENDING',
      );
    });

    it("resolves B's offers and accepted lead through _entities at partners and marketing as nonexistent ones", async () => {
      const entities = (subgraph: string, typename: string, ids: string[]) =>
        graphqlClient(stack.subgraphUrls[subgraph]!, asPartner(partners.a))<{ _entities: ({ id: string } | null)[] }>(
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { id } } }`,
          { r: ids.map((id) => ({ __typename: typename, id })) },
        );
      expect(await entities('partners', 'LeadOffer', [offers.b.accepted, offers.b.pending, MISSING, offers.a.pending])).toEqual({
        data: { _entities: [null, null, null, { id: offers.a.pending }] },
      });
      expect(await entities('marketing', 'PartnerLead', [leads.b.accepted, leads.a.pending, MISSING, leads.a.accepted])).toEqual({
        data: { _entities: [null, null, null, { id: leads.a.accepted }] },
      });
    });

    it("declines its own pending offer with a reason through the safelisted operation, and cannot decline B's", async () => {
      type Declined = { declineLeadOffer: { id: string; leadId: string; status: string; declineReason: string | null } };
      const stolen = await asA<Declined>(
        'PartnerDeclineLeadOffer',
        { input: { id: offers.b.pending, reason: 'Not ours' } },
        { byHash: true },
      );
      expect(stolen.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
      expect((await asB<{ leadOffer: { status: string } }>('PartnerLeadOffer', { id: offers.b.pending })).data!.leadOffer.status).toBe(
        'PENDING',
      );

      const declined = await asA<Declined>(
        'PartnerDeclineLeadOffer',
        { input: { id: offers.a.pending, reason: 'Outside our vertical' } },
        { byHash: true },
      );
      expect(declined.errors).toBeUndefined();
      expect(declined.data!.declineLeadOffer).toMatchObject({
        id: offers.a.pending,
        leadId: leads.a.pending,
        status: 'DECLINED',
        declineReason: 'Outside our vertical',
      });
      // Declined once is final: answering again names the state, and A never reads the person.
      const again = await asA('PartnerAcceptLeadOffer', { input: { id: offers.a.pending } });
      expect(again.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      expect(await asA('PartnerLead', { id: leads.a.pending })).toEqual({ data: { partnerLead: null } });
    });
  });

  it('changes nothing when a client sends x-partner-id or similar identity headers, on either endpoint', async () => {
    const headers = { 'x-partner-id': partners.b, 'x-user-id': MISSING, 'x-roles': 'admin', 'x-role': 'admin' };
    const own = await asA<OppList>('PartnerOpportunities', { first: 100 }, { headers });
    expect(own.data!.opportunities.edges.map((e) => e.node.id).sort()).toEqual([...opps.a].sort());

    // An admin's header does not narrow (nor widen) anything either.
    const LIST = 'query { opportunities(first: 100) { edges { node { id } } } }';
    const all = await admin<OppList>(LIST);
    expect(await admin<OppList>(LIST, {}, headers)).toEqual(all);
    expect(all.data!.opportunities.edges).toHaveLength(opps.a.length + opps.b.length + 1);

    const anonymous = await graphqlClient(stack.gatewayUrl, null)(LIST, {}, headers);
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(anonymous.data).toBeUndefined();
  });

  it('returns no rows of the scoped tables to the services’ database role when no partner or customer is set (fails closed)', async () => {
    // Each table has rows by now (the lead offers' describe and the links' names ran first); every partner-scoped
    // table of partners is held to the same rule by the catalog check in partners' partner-scoping spec.
    const scoped = {
      sales: ['opportunity'],
      partners: ['partner', 'partner_customer_link', 'customer_name', 'lead_offer', 'distributed_lead'],
      marketing: ['partner_lead'],
      service: ['support_case', 'case_message'],
    };
    for (const [service, tables] of Object.entries(scoped)) {
      for (const [url, expectRows] of [
        [stack.databases[service]!, true],
        [stack.appDatabases[service]!, false],
      ] as const) {
        const c = new Client({ connectionString: url });
        await c.connect();
        try {
          await c.query('BEGIN');
          for (const table of tables) {
            const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
            expect({ service, table, superuser: expectRows, visible: Number(rows[0]!.n) > 0 }).toEqual({
              service,
              table,
              superuser: expectRows,
              visible: expectRows,
            });
          }
          if (!expectRows) {
            const { rows } = await c.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
              'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
            );
            expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
          }
        } finally {
          await c.query('ROLLBACK');
          await c.end();
        }
      }
    }
  });

  it('answers a missing, expired or wrongly signed token with UNAUTHENTICATED on both endpoints', async () => {
    const expired = await testToken({ ...asPartner(partners.a), expiresInSeconds: -5 });
    const foreign = await mintToken((await generateSigningKey('not-ours')).privateJwk, asPartner(partners.a));
    const body = JSON.stringify({ query: OPS.PartnerOpportunities!.doc, variables: { first: 1 } });
    for (const url of [stack.gatewayUrl, stack.partnerGatewayUrl]) {
      for (const authorization of [undefined, `Bearer ${expired}`, `Bearer ${foreign}`, 'Bearer not.a.token', 'Basic YWRtaW46YWRtaW4=']) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body,
        });
        const json = (await res.json()) as GqlResponse<unknown>;
        expect({ url, authorization, status: res.status, data: json.data, code: json.errors?.[0]?.extensions?.code }).toEqual({
          url,
          authorization,
          status: 401,
          data: undefined,
          code: 'UNAUTHENTICATED',
        });
      }
    }
  });

  it('leaks nothing across 1,000 interleaved A and B requests through the gateway (two connections per subgraph)', async () => {
    const wrong: string[] = [];
    const one = async (i: number) => {
      const who = i % 2 ? 'b' : 'a';
      const call = who === 'a' ? asA : asB;
      if (i % 4 < 2) {
        const res = await call<OppList>('PartnerOpportunities', { first: 100 }, { byHash: true });
        const got = res.data?.opportunities.edges.map((e) => e.node.id).sort();
        if (JSON.stringify(got) !== JSON.stringify([...opps[who]].sort())) wrong.push(`${i}: ${JSON.stringify(res)}`);
      } else {
        const res = await call('PartnerOpportunity', { id: opps[who === 'a' ? 'b' : 'a'][0] }, { byHash: true });
        if (JSON.stringify(res) !== JSON.stringify({ data: { opportunity: null } })) wrong.push(`${i}: ${JSON.stringify(res)}`);
      }
    };
    // Twenty in flight at any time: a finished request makes room for the next, not for the next wave.
    await mapConcurrently(
      Array.from({ length: 1000 }, (_, i) => i),
      20,
      one,
    );
    expect(wrong).toEqual([]);
  });

  it('refuses introspection on both endpoints and at the subgraphs by default', async () => {
    const INTROSPECT = '{ __schema { queryType { name } } }';
    const internal = await admin(INTROSPECT);
    expect(internal.data).toBeUndefined();
    expect(internal.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await admin('{ __type(name: "Opportunity") { name } }')).errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const partner = await graphqlClient(stack.partnerGatewayUrl, asPartner(partners.a))(INTROSPECT);
    expect(partner.data).toBeUndefined();
    expect(partner.errors![0]!.extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    for (const [name, url] of Object.entries(stack.subgraphUrls)) {
      const res = await graphqlClient(url, ADMIN)(INTROSPECT);
      expect({ name, data: res.data, code: res.errors?.[0]?.extensions?.code }).toEqual({
        name,
        data: undefined,
        code: 'GRAPHQL_VALIDATION_FAILED',
      });
    }
  });

  it('refuses any operation not on the safelist at the partner endpoint, valid or not', async () => {
    const partner = graphqlClient(stack.partnerGatewayUrl, asPartner(partners.a));
    for (const query of [
      'query { partners(first: 1) { edges { node { id } } } }', // valid against the contract, but not safelisted
      'query { customers(first: 1) { edges { node { id name } } } }', // internal
      OPS.PartnerSelf!.doc.replace('kind', 'kind name'), // a safelisted document, altered
    ]) {
      const res = await partner(query);
      expect(res).toEqual({
        errors: [
          {
            message: 'This operation is not on the partner safelist',
            extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', requestId: expect.any(String) },
          },
        ],
      });
    }
  });

  it('answers introspection when the INTROSPECTION setting turns it on', async () => {
    const open = await stack.startGateway({ env: { INTROSPECTION: 'true' } });
    const res = await graphqlClient(open.url)<{ __schema: { queryType: { name: string } } }>('{ __schema { queryType { name } } }');
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect(fs.existsSync(open.log)).toBe(true);
  });

  it('walks ACCESS_MATRIX: every role reads and writes exactly the domains the matrix gives it', async () => {
    // A list to read, and a write with an invalid input: admitted, it is BAD_USER_INPUT and writes nothing.
    const probes: Record<Domain, { read: string; write?: string }> = {
      sales: {
        read: 'query { customers(first: 1) { edges { cursor } } }',
        write: 'mutation { createCustomer(input: { name: "" }) { id } }',
      },
      marketing: {
        read: 'query { leads(first: 1) { edges { cursor } } }',
        write: 'mutation { captureLead(input: { email: "not-an-email", name: "X", source: WEB_FORM }) { id } }',
      },
      service: {
        read: 'query { cases(first: 1) { edges { cursor } } }',
        write: `mutation { openCase(input: { customerId: "${MISSING}", subject: "", priority: HIGH }) { id } }`,
      },
      partners: {
        read: 'query { partners(first: 1) { edges { cursor } } }',
        write: 'mutation { createPartner(input: { name: "" }) { id } }',
      },
      analytics: { read: 'query { timeline(first: 1) { edges { cursor } } }' },
    };
    // A partner reaches nothing on the internal graph: its contract endpoint is its only way in.
    const partnerReads = new Set<Domain>();
    const outcome = (res: GqlResponse<unknown>) => res.errors?.[0]?.extensions?.code ?? 'OK';
    const want: string[] = [];
    // Every probe is a read or a write refused as invalid: none changes what another answers, so they
    // are asked a few at a time, and the answers compared in the matrix's order.
    const calls: { label: string; gql: Gql; query: string }[] = [];
    for (const role of ROLES as readonly Role[]) {
      const claims =
        role === 'partner'
          ? asPartner(partners.a)
          : role === 'customer'
            ? asCustomer(MISSING, MISSING)
            : { roles: [role], userId: MISSING };
      const gql = graphqlClient(stack.gatewayUrl, claims);
      for (const domain of DOMAINS) {
        const { read, write } = probes[domain];
        const canRead = role === 'partner' ? partnerReads.has(domain) : ACCESS_MATRIX[domain].read.includes(role);
        calls.push({ label: `${role} reads ${domain}`, gql, query: read });
        want.push(`${role} reads ${domain}: ${canRead ? 'OK' : 'FORBIDDEN'}`);
        if (write) {
          calls.push({ label: `${role} writes ${domain}`, gql, query: write });
          want.push(`${role} writes ${domain}: ${ACCESS_MATRIX[domain].write.includes(role) ? 'BAD_USER_INPUT' : 'FORBIDDEN'}`);
        }
      }
    }
    const got = await mapConcurrently(calls, 8, async ({ label, gql, query }) => `${label}: ${outcome(await gql(query))}`);
    expect(got).toEqual(want);
  });

  it("answers another customer's case at the portal exactly as a nonexistent one: by id, in the list, in its thread", async () => {
    const theirs = await portalOp('a', 'PortalCase', { id: portal.b.caseId });
    expect(theirs).toEqual({ status: 200, data: { case: null } });
    expect(await portalOp('a', 'PortalCase', { id: MISSING })).toEqual(theirs);
    expect(await portalOp('a', 'PortalCase', { id: portal.b.caseId }, { byHash: true })).toEqual(theirs);
    const own = await portalOp<{ case: { id: string; contactId: string } }>('a', 'PortalCase', { id: portal.a.caseId });
    expect(own.data!.case).toMatchObject({ id: portal.a.caseId, contactId: portal.a.contactId });

    type Cases = { cases: { edges: { node: { id: string } }[] } };
    const listed = async (who: 'a' | 'b', filter?: object) =>
      (await portalOp<Cases>(who, 'PortalCases', { first: 100, filter })).data!.cases.edges.map((e) => e.node.id);
    expect(await listed('a')).toEqual([portal.a.caseId]);
    expect(await listed('b')).toEqual([portal.b.caseId]);
    expect(await listed('a', { customerId: portal.b.customerId })).toEqual([]);

    // The thread: the reply, never the internal note; another's thread is NOT_FOUND worded as a missing one.
    type Thread = { caseThread: { edges: { node: { body: string } }[] } };
    const thread = await portalOp<Thread>('a', 'PortalCaseThread', { caseId: portal.a.caseId });
    expect(thread.data!.caseThread.edges.map((e) => e.node.body)).toEqual(['Reply for a']);
    const [other, missing] = await Promise.all([
      portalOp('a', 'PortalCaseThread', { caseId: portal.b.caseId }),
      portalOp('a', 'PortalCaseThread', { caseId: MISSING }),
    ]);
    expect(other.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'caseId' });
    expect(other.errors![0]!.message.replace(portal.b.caseId, '<id>')).toBe(missing.errors![0]!.message.replace(MISSING, '<id>'));
  });

  it("resolves another customer's cases through _entities at the service subgraph as none, and is refused the internal graph", async () => {
    const direct = graphqlClient(stack.subgraphUrls.service!, asCustomer(portal.a.customerId, portal.a.contactId));
    const entities = await direct<{ _entities: { cases: { id: string }[]; openCaseCount: number }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { cases { id } openCaseCount } } }',
      { r: [portal.a.customerId, portal.b.customerId, MISSING].map((id) => ({ __typename: 'Customer', id })) },
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data!._entities).toEqual([
      { cases: [{ id: portal.a.caseId }], openCaseCount: 1 },
      { cases: [], openCaseCount: 0 },
      { cases: [], openCaseCount: 0 },
    ]);
    const internal = graphqlClient(stack.gatewayUrl, asCustomer(portal.a.customerId, portal.a.contactId));
    for (const id of [portal.a.caseId, portal.b.caseId]) {
      const res = await internal('query($id: ID!) { case(id: $id) { id } }', { id });
      expect({ data: res.data, code: res.errors?.[0]?.extensions?.code }).toEqual({ data: undefined, code: 'FORBIDDEN' });
    }
  });

  it('opens a case through the PORTAL channel and replies on it at the portal, and not on another customer’s', async () => {
    type Opened = { openCase: { id: string; channel: string; contactId: string; status: string } };
    const opened = await portalOp<Opened>('a', 'PortalOpenCase', {
      input: { customerId: portal.a.customerId, subject: 'The gizmo hums', priority: 'LOW' },
    });
    expect(opened.errors).toBeUndefined();
    expect(opened.data!.openCase).toMatchObject({ channel: 'PORTAL', contactId: portal.a.contactId, status: 'NEW' });
    const reply = await portalOp<{ postCaseMessage: { authorId: string } }>('a', 'PortalReply', {
      input: { caseId: opened.data!.openCase.id, body: 'It hums louder now' },
    });
    expect(reply.data!.postCaseMessage.authorId).toBe(portal.a.contactId);

    const before = await stack.sql('service', 'SELECT (SELECT count(*) FROM support_case) AS c, (SELECT count(*) FROM case_message) AS m');
    const intoB = await portalOp('a', 'PortalReply', { input: { caseId: portal.b.caseId, body: 'Sneaky' } });
    expect(intoB.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'caseId' });
    const forB = await portalOp('a', 'PortalOpenCase', { input: { customerId: portal.b.customerId, subject: 'Sneaky', priority: 'LOW' } });
    expect(forB.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'customerId' });
    const note = await portalOp('a', 'PortalReply', { input: { caseId: portal.a.caseId, body: 'Sneaky', internal: true } });
    expect(note.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'internal' });
    expect(await stack.sql('service', 'SELECT (SELECT count(*) FROM support_case) AS c, (SELECT count(*) FROM case_message) AS m')).toEqual(
      before,
    );
  });

  it('reads published public articles at the portal, never internal ones', async () => {
    expect((await portalOp('a', 'PortalArticle', { id: articles.public })).data).toEqual({
      knowledgeArticle: expect.objectContaining({ id: articles.public }),
    });
    expect(await portalOp('a', 'PortalArticle', { id: articles.internal })).toEqual({ status: 200, data: { knowledgeArticle: null } });
    type Search = { searchKnowledgeArticles: { edges: { node: { article: { id: string } } }[] } };
    const found = await portalOp<Search>('a', 'PortalSearchArticles', { query: 'gizmo' });
    expect(found.data!.searchKnowledgeArticles.edges.map((e) => e.node.article.id)).toEqual([articles.public]);
  });

  it('takes only customer tokens and safelisted operations at the portal', async () => {
    for (const claims of [ADMIN, asPartner(partners.a), { roles: ['service' as const], userId: MISSING }]) {
      const res = await portalOp({ claims }, 'PortalCases', { first: 1 });
      expect({ status: res.status, data: res.data, code: res.errors?.[0]?.extensions?.code }).toEqual({
        status: 403,
        data: undefined,
        code: 'FORBIDDEN',
      });
    }
    const customer = graphqlClient(stack.portalGatewayUrl, asCustomer(portal.a.customerId, portal.a.contactId));
    for (const query of [
      '{ cases(first: 1) { edges { node { id } } } }', // valid against the contract, but not safelisted
      '{ cases(first: 1) { edges { node { id queueId assigneeId } } } }', // internal fields
      PORTAL_OPS.PortalCase!.doc.replace('subject', 'subject subject'), // a safelisted document, altered
      '{ __schema { queryType { name } } }',
    ]) {
      const res = await customer(query);
      expect(res).toEqual({
        errors: [
          {
            message: 'This operation is not on the portal safelist',
            extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', requestId: expect.any(String) },
          },
        ],
      });
    }
  });

  it('leaks nothing across 500 interleaved requests of two customers at the portal', async () => {
    const wrong: string[] = [];
    const one = async (i: number) => {
      const [who, other] = i % 2 ? (['b', 'a'] as const) : (['a', 'b'] as const);
      if (i % 4 < 2) {
        const res = await portalOp<{ cases: { edges: { node: { id: string } }[] } }>(who, 'PortalCases', { first: 100 }, { byHash: true });
        const got = res.data?.cases.edges.map((e) => e.node.id) ?? [];
        if (!got.includes(portal[who].caseId) || got.includes(portal[other].caseId)) wrong.push(`${i}: ${JSON.stringify(res)}`);
      } else {
        const res = await portalOp(who, 'PortalCase', { id: portal[other].caseId }, { byHash: true });
        if (JSON.stringify(res) !== JSON.stringify({ status: 200, data: { case: null } })) wrong.push(`${i}: ${JSON.stringify(res)}`);
      }
    };
    await mapConcurrently(
      Array.from({ length: 500 }, (_, i) => i),
      20,
      one,
    );
    expect(wrong).toEqual([]);
  });

  // Last: it adds links, which the cases above count.
  it('follows a merge in sales: a partner linked to the merged customer sees the survivor with its name, and one link when it had both', async () => {
    const t = Date.now().toString(36);
    const survivor = (await stack.ctx.newCustomer({ name: `Survivor ${t}` })).id;
    const merged = (await stack.ctx.newCustomer({ name: `Merged away ${t}` })).id;
    for (const [who, c] of [
      ['a', merged],
      ['a', survivor],
      ['b', merged],
    ] as const) {
      const link = await admin('mutation($i: LinkPartnerInput!) { linkPartnerToCustomer(input: $i) { id } }', {
        i: { partnerId: partners[who], customerId: c },
      });
      expect(link.errors).toBeUndefined();
    }
    type Links = { partner: { customerLinks: { customerId: string; customerName: string | null }[] } };
    const linksOf = async (as: typeof asA, id: string) =>
      (await as<Links>('PartnerSelf', { id }))
        .data!.partner.customerLinks.filter((l) => [survivor, merged].includes(l.customerId))
        .map((l) => ({ customerId: l.customerId, customerName: l.customerName }));
    // Both names have reached partners before the merge, so what follows is the merge's doing.
    await eventually(
      async () => expect((await linksOf(asA, partners.a)).map((l) => l.customerName).sort()).toEqual([`Merged away ${t}`, `Survivor ${t}`]),
      20_000,
    );

    const res = await admin('mutation($s: ID!, $m: ID!) { mergeCustomers(survivorId: $s, mergedId: $m) { merge { id } } }', {
      s: survivor,
      m: merged,
    });
    expect(res.errors).toBeUndefined();

    const one = [{ customerId: survivor, customerName: `Survivor ${t}` }];
    await eventually(async () => expect(await linksOf(asA, partners.a)).toEqual(one), 20_000);
    expect(await linksOf(asB, partners.b)).toEqual(one);
    // The internal graph: the survivor lists both partners.
    const partnersOf = async (gql: Gql) =>
      (
        await gql<{ customer: { partners: { id: string }[] } }>('query($id: ID!) { customer(id: $id) { partners { id } } }', {
          id: survivor,
        })
      )
        .data!.customer.partners.map((p) => p.id)
        .sort();
    expect(await partnersOf(admin)).toEqual([partners.a, partners.b].sort());
  });
});
