import { CUSTOMER_360_QUERY as CUSTOMER_360, graphqlClient, startTestStack, type Gql, type TestStack } from '@crm/testing';

interface Customer360 {
  customer: {
    id: string;
    name: string;
    contacts: { fullName: string }[];
    leads: { email: string; status: string }[] | null;
    cases: { subject: string; status: string; priority: string }[] | null;
    partners: { name: string }[] | null;
    metrics: { interactionCount: number; lastInteractionAt: string | null } | null;
    timeline: { edges: { node: { type: string; source: string; summary: string } }[] } | null;
  } | null;
}

describe('the customer 360 through the gateway', () => {
  let stack: TestStack;

  let gql: Gql;

  const rows = (service: string, table: string): Promise<number> => stack.count(service, table);

  beforeAll(async () => {
    stack = await startTestStack({ outboxPollMs: 50 });
    gql = graphqlClient(stack.gatewayUrl);
  });

  afterAll(() => stack?.stop());

  async function customerWithFourInteractions(): Promise<string> {
    const { id } = await stack.ctx.newCustomer({ name: 'Initech', domain: 'initech.com' });
    const lead = await gql('mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }', {
      i: { email: 'peter@initech.com', name: 'Peter Gibbons', source: 'WEB_FORM', customerId: id },
    });
    const kase = await gql('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
      i: { customerId: id, subject: 'TPS report cover sheet missing', priority: 'HIGH' },
    });
    const partner = await gql<{ createPartner: { id: string } }>('mutation($i: CreatePartnerInput!) { createPartner(input: $i) { id } }', {
      i: { name: `Chotchkie's ${Date.now()}` },
    });
    const link = await gql('mutation($i: LinkPartnerInput!) { linkPartnerToCustomer(input: $i) { id } }', {
      i: { partnerId: partner.data!.createPartner.id, customerId: id },
    });
    for (const r of [lead, kase, partner, link]) expect(r.errors).toBeUndefined();
    return id;
  }

  it('shows a new customer’s four interactions from four services in its timeline and metrics within 2 s', async () => {
    const id = await customerWithFourInteractions();
    const writtenAt = Date.now();
    let view: Customer360['customer'] = null;
    while (Date.now() - writtenAt < 2000) {
      view = (await gql<Customer360>(CUSTOMER_360, { id })).data!.customer;
      if ((view?.metrics?.interactionCount ?? 0) >= 4 && (view?.timeline?.edges.length ?? 0) >= 4) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(view!.metrics!.interactionCount).toBe(4);
    expect(view!.timeline!.edges.map((e) => e.node.type).sort()).toEqual([
      'CASE_OPENED',
      'CUSTOMER_CREATED',
      'LEAD_CAPTURED',
      'PARTNER_LINKED',
    ]);
    expect(new Set(view!.timeline!.edges.map((e) => e.node.source))).toEqual(new Set(['sales', 'marketing', 'service', 'partners']));
    expect(view).toMatchObject({
      id,
      name: 'Initech',
      leads: [{ email: 'peter@initech.com', status: 'NEW' }],
      cases: [{ subject: 'TPS report cover sheet missing', status: 'NEW', priority: 'HIGH' }],
      partners: [{ name: expect.stringMatching(/^Chotchkie's/) }],
    });
  });

  it.each([
    [
      'an empty name',
      'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }',
      { i: { name: '' } },
      'name',
      ['sales', 'customer'],
    ],
    [
      'a 10,000-character name',
      'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }',
      { i: { name: 'x'.repeat(10_000) } },
      'name',
      ['sales', 'customer'],
    ],
    [
      'an unknown priority',
      'mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }',
      { i: { customerId: '00000000-0000-4000-8000-000000000001', subject: 'Help', priority: 'SUPER_URGENT' } },
      'priority',
      ['service', 'support_case'],
    ],
    [
      'a malformed email',
      'mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }',
      { i: { email: 'not-an-email', name: 'X', source: 'WEB_FORM' } },
      'email',
      ['marketing', 'lead'],
    ],
    ['a malformed id', 'query($id: ID!) { customer(id: $id) { id } }', { id: 'not-a-uuid' }, 'id', ['sales', 'customer']],
  ])('answers %s with BAD_USER_INPUT naming the field and writes nothing', async (_case, query, variables, field, [service, table]) => {
    const before = await rows(service!, table!);
    const outboxBefore = await rows(service!, 'outbox');
    const res = await gql(query, variables);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(JSON.stringify(res.errors)).not.toMatch(/stack|node_modules|sql/i);
    expect(await rows(service!, table!)).toBe(before);
    expect(await rows(service!, 'outbox')).toBe(outboxBefore);
  });

  it('still answers with the other subgraphs’ data when one is down, with errors on the missing fields’ paths', async () => {
    const id = await customerWithFourInteractions();
    await stack.stopService('service');
    const res = await gql<Customer360>(CUSTOMER_360, { id });
    expect(res.data!.customer).toMatchObject({ id, name: 'Initech', cases: null, leads: [{ email: 'peter@initech.com' }] });
    expect(res.data!.customer!.partners).toHaveLength(1);
    expect(res.errors).toEqual([
      {
        message: 'This part of the graph is temporarily unavailable',
        path: ['customer', 'cases'],
        extensions: { code: 'SERVICE_UNAVAILABLE', requestId: expect.any(String) },
      },
    ]);
    expect(JSON.stringify(res.errors)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|service/);
  });
});
