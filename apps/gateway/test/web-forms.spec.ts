import { randomUUID } from 'node:crypto';
import { ADMIN, asPartner, graphqlClient, startTestStack, testToken, type Gql, type TestStack } from '@crm/testing';

const TIMELINE = `query($id: ID!) { customer(id: $id) { timeline(first: 20) { edges { node { type source summary } } } } }`;

interface TimelineView {
  customer: { timeline: { edges: { node: { type: string; source: string; summary: string } }[] } | null } | null;
}

/**
 * Web forms as a site's visitors reach them: plain HTTP through the gateway, with no token. The
 * CSV export, the other kind of plain HTTP route, shares the stack: it goes with the caller's token.
 */
describe('web forms (and exports) through the gateway', () => {
  let stack: TestStack;
  let gql: Gql;
  let origin: string;

  beforeAll(async () => {
    stack = await startTestStack({ outboxPollMs: 50 });
    gql = graphqlClient(stack.gatewayUrl);
    origin = new URL(stack.gatewayUrl).origin;
    // Five subgraphs, the gateway, Postgres and the broker: slower than one test's budget on a busy machine.
  }, 480_000);

  afterAll(() => stack?.stop());

  const htmlPost = (key: string, body: string) =>
    fetch(`${origin}/forms/${key}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin },
      body,
    });

  it("updates a known customer's lead from an HTML form post, shows FORM_SUBMITTED on its timeline, and a repeat makes no second lead", async () => {
    const created = await gql<{ createCustomer: { id: string } }>(
      'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }',
      {
        i: { name: 'Form Customer' },
      },
    );
    const customerId = created.data!.createCustomer.id;
    const email = `visitor.${randomUUID().slice(0, 8)}@formcustomer.test`;
    // Marketing checks the customer with sales (or its customer.created event): on a busy machine
    // the first try may find sales too slow and answer SERVICE_UNAVAILABLE, which a client retries.
    const capture = () =>
      gql<{ captureLead: { id: string } }>('mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }', {
        i: { email, name: 'Visitor', source: 'EVENT', customerId },
      });
    let lead = await capture();
    for (let i = 0; i < 30 && lead.errors?.[0]?.extensions?.code === 'SERVICE_UNAVAILABLE'; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      lead = await capture();
    }
    expect(lead.errors).toBeUndefined();
    const form = await gql<{ createWebForm: { key: string } }>('mutation($i: CreateWebFormInput!) { createWebForm(input: $i) { key } }', {
      i: {
        name: 'Webinar sign-up',
        fieldMap: [
          { field: 'email', attribute: 'EMAIL', required: true },
          { field: 'title', attribute: 'TITLE' },
        ],
        consentText: 'Send me the recording',
        scorePoints: 20,
        allowedOrigins: [origin],
        thankYouMessage: 'See you there',
      },
    });
    expect(form.errors).toBeUndefined();
    const key = form.data!.createWebForm.key;

    const page = await fetch(`${origin}/forms/${key}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`action="/forms/${key}"`);

    const body = `email=${encodeURIComponent(email.toUpperCase())}&title=Head+of+Ops&consent=yes`;
    const first = await htmlPost(key, body);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('See you there');
    expect((await htmlPost(key, body)).status).toBe(200);

    const leads = await gql<{ leads: { edges: { node: { id: string; title: string | null; customerId: string } }[] } }>(
      'query($f: LeadFilter) { leads(first: 10, filter: $f) { edges { node { id title customerId } } } }',
      { f: { emailContains: email } },
    );
    expect(leads.data!.leads.edges.map((e) => e.node)).toEqual([{ id: lead.data!.captureLead.id, title: 'Head of Ops', customerId }]);

    const deadline = Date.now() + 60_000;
    let facts: { type: string; source: string; summary: string }[] = [];
    while (Date.now() < deadline) {
      const res = await gql<TimelineView>(TIMELINE, { id: customerId });
      facts = res.data?.customer?.timeline?.edges.map((e) => e.node) ?? [];
      if (facts.filter((f) => f.type === 'FORM_SUBMITTED').length === 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(facts.filter((f) => f.type === 'FORM_SUBMITTED')).toEqual([
      { type: 'FORM_SUBMITTED', source: 'marketing', summary: `Form "Webinar sign-up" submitted by ${email}` },
      { type: 'FORM_SUBMITTED', source: 'marketing', summary: `Form "Webinar sign-up" submitted by ${email}` },
    ]);
  });

  it('answers an unknown key 404 and an oversize post 413 as JSON at the gateway', async () => {
    const unknown = await htmlPost('AAAAAAAAAAAAAAAAAAAAAA', 'email=a%40b.test');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/json/);
    const big = await htmlPost('AAAAAAAAAAAAAAAAAAAAAA', `email=${'x'.repeat(40_000)}`);
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('streams a customer export from sales to a staff caller, and refuses one without a token or with a partner token', async () => {
    const name = `Export ${randomUUID()}`;
    await gql(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`, { i: { name } });
    const url = `${origin}/exports/customers.csv?filter=${encodeURIComponent(JSON.stringify({ nameContains: name }))}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${await testToken(ADMIN)}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="customers.csv"');
    const lines = (await res.text()).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(name);
    // The gateway checks the token before sales is asked: no token 401, a partner's 403, each as JSON.
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/json/);
    const partner = await fetch(url, { headers: { authorization: `Bearer ${await testToken(asPartner(randomUUID()))}` } });
    expect(partner.status).toBe(403);
  });
});
