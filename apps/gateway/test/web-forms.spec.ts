import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ADMIN,
  asPartner,
  decodeQuotedPrintable,
  eventually,
  graphqlClient,
  startSmtpSink,
  startTestStack,
  testToken,
  type Gql,
  type GqlResponse,
  type SmtpSink,
  type TestStack,
} from '@crm/testing';

const TIMELINE = `query($id: ID!) { customer(id: $id) { timeline(first: 20) { edges { node { type source summary } } } } }`;

interface TimelineView {
  customer: { timeline: { edges: { node: { type: string; source: string; summary: string } }[] } | null } | null;
}

/**
 * Web forms as a site's visitors reach them: plain HTTP through the gateway, with no token. The
 * CSV export, the other kind of plain HTTP route, shares the stack: it goes with the caller's token.
 */
describe('web forms, campaign email, lead routing (and exports) through the gateway', () => {
  let stack: TestStack;
  let gql: Gql;
  let origin: string;
  let sink: SmtpSink;

  beforeAll(async () => {
    // Campaign email goes to a sink; other subgraphs ignore the settings.
    sink = await startSmtpSink({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'crm-e2e-mail-')) });
    stack = await startTestStack({ outboxPollMs: 50, subgraphEnv: { SMTP_URL: sink.url, EMAIL_POLL_MS: '50', EMAIL_SEND_RATE: '5000' } });
    gql = graphqlClient(stack.gatewayUrl);
    origin = new URL(stack.gatewayUrl).origin;
    // Five subgraphs, the gateway, Postgres and the broker: slower than one test's budget on a busy machine.
  }, 480_000);

  afterAll(async () => {
    await stack?.stop();
    await sink?.close();
  });

  const ok = async <T>(res: Promise<GqlResponse<T>>): Promise<T> => {
    const r = await res;
    if (r.errors || !r.data) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };

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
    // Each post adds the form's own points to the lead's score.
    const changes = await eventually(
      async () => {
        const res = await gql<{ lead: { scoreHistory: { edges: { node: { ruleId: string | null; reason: string; points: number } }[] } } }>(
          'query($id: ID!) { lead(id: $id) { scoreHistory(first: 20) { edges { node { ruleId reason points } } } } }',
          { id: lead.data!.captureLead.id },
        );
        const nodes = res.data?.lead.scoreHistory.edges.map((e) => e.node) ?? [];
        expect(nodes.filter((n) => n.reason === 'FORM_SUBMITTED')).toHaveLength(2);
        return nodes;
      },
      60_000,
      200,
    );
    expect(changes.filter((n) => n.reason === 'FORM_SUBMITTED')).toEqual([
      { ruleId: null, reason: 'FORM_SUBMITTED', points: 20 },
      { ruleId: null, reason: 'FORM_SUBMITTED', points: 20 },
    ]);
  });

  it('sends a campaign to 100 members, 10 unsubscribed, as 90 messages into the sink; an open and a click through the gateway move the member and the score', async () => {
    const domain = `campaign-${randomUUID().slice(0, 8)}.test`;
    for (const [name, signal, points] of [
      ['Opens count', 'EMAIL_OPENED', 3],
      ['Clicks count', 'EMAIL_CLICKED', 7],
    ] as const) {
      await ok(gql(`mutation($i: CreateScoringRuleInput!) { createScoringRule(input: $i) { id } }`, { i: { name, signal, points } }));
    }
    const consent = (id: string, status: string) => stack.ctx.leadConsent(id, status, { textShown: 'News' });
    const member = async (n: number) => {
      const email = `m${n}@${domain}`;
      const lead = await ok(
        gql<{ captureLead: { id: string } }>(`mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }`, {
          i: { email, name: `Member ${n}`, source: 'IMPORT' },
        }),
      );
      // The last ten gave consent and withdrew it: unsubscribed.
      await consent(lead.captureLead.id, 'GRANTED');
      if (n >= 90) await consent(lead.captureLead.id, 'WITHDRAWN');
      return { id: lead.captureLead.id, email };
    };
    // Ten at a time: a hundred members without a hundred round trips in a row.
    const leads: { id: string; email: string }[] = [];
    for (let n = 0; n < 100; n += 10) leads.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => member(n + i)))));
    const campaignId = (
      await ok(gql<{ createCampaign: { id: string } }>(`mutation { createCampaign(input: { name: "E2E", type: EMAIL }) { id } }`))
    ).createCampaign.id;
    await ok(
      gql(`mutation($i: AddCampaignMembersInput!) { addCampaignMembers(input: $i) { added } }`, {
        i: { campaignId, leadFilter: { emailDomain: domain } },
      }),
    );
    const templateId = (
      await ok(
        gql<{ createEmailTemplate: { id: string } }>(`mutation($i: CreateEmailTemplateInput!) { createEmailTemplate(input: $i) { id } }`, {
          i: { name: 'E2E', subject: 'Hi {{firstName}}', html: '<p>Hi</p><p><a href="https://example.com/e2e">More</a></p>', text: 'Hi' },
        }),
      )
    ).createEmailTemplate.id;
    const sendId = (
      await ok(
        gql<{ scheduleCampaignSend: { id: string } }>(
          `mutation($i: ScheduleCampaignSendInput!) { scheduleCampaignSend(input: $i) { id } }`,
          { i: { campaignId, templateId } },
        ),
      )
    ).scheduleCampaignSend.id;
    const counts = await eventually(async () => {
      const s = (
        await ok(
          gql<{ emailSend: { status: string; counts: Record<string, number> } }>(
            `query($id: ID!) { emailSend(id: $id) { status counts { sent skipped } } }`,
            { id: sendId },
          ),
        )
      ).emailSend;
      if (s.status !== 'COMPLETED') throw new Error(`still ${s.status}`);
      return s.counts;
    }, 60_000);
    expect(counts).toEqual({ sent: 90, skipped: 10 });
    const mail = sink.messages().filter((m) => m.to.endsWith(`@${domain}`));
    expect(mail).toHaveLength(90);
    expect(new Set(mail.map((m) => m.to))).toEqual(new Set(leads.slice(0, 90).map((l) => l.email)));

    // The links as the mail holds them, pointed at this stack's gateway (PUBLIC_URL is the default port).
    const link = (to: string, kind: string) => {
      const html = decodeQuotedPrintable(mail.find((m) => m.to === to)!.raw)
        .replace(/&#x2F;/g, '/')
        .replace(/&#x3D;/g, '=')
        .replace(/&amp;/g, '&');
      const url = new RegExp(`https?://[^"\\s]+/t/${kind}/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+`).exec(html)![0];
      return url.replace(/^https?:\/\/[^/]+/, origin);
    };
    expect((await fetch(link(leads[0]!.email, 'o'))).status).toBe(200);
    const click = await fetch(link(leads[1]!.email, 'c'), { redirect: 'manual' });
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe('https://example.com/e2e');
    const members = async () =>
      (
        await ok(
          gql<{ campaign: { members: { edges: { node: { personId: string; status: string } }[] } } }>(
            `query($id: ID!) { campaign(id: $id) { members(first: 100) { edges { node { personId status } } } } }`,
            { id: campaignId },
          ),
        )
      ).campaign.members.edges.map((e) => e.node);
    const statusOf = new Map((await members()).map((m) => [m.personId, m.status]));
    expect([statusOf.get(leads[0]!.id), statusOf.get(leads[1]!.id), statusOf.get(leads[2]!.id), statusOf.get(leads[99]!.id)]).toEqual([
      'OPENED',
      'CLICKED',
      'SENT',
      'TARGETED',
    ]);
    expect((await members()).filter((m) => m.status === 'TARGETED')).toHaveLength(10);
    // The open and the click reach scoring through their events: each rule's points show on its lead.
    const engagement = async (id: string) =>
      (
        await ok(
          gql<{ lead: { score: { engagement: number } | null } }>(`query($id: ID!) { lead(id: $id) { score { engagement } } }`, { id }),
        )
      ).lead.score?.engagement;
    await eventually(async () => {
      expect(await engagement(leads[0]!.id)).toBe(3);
      expect(await engagement(leads[1]!.id)).toBe(7);
    }, 60_000);
  });

  it("routes a qualified lead to its owner, who gets a follow-up task in sales with the lead's id", async () => {
    // The admin is a sales user from its first request; marketing learns it from sales' events.
    const rule = await eventually(async () => {
      const res = await gql<{ createLeadRoutingRule: { id: string } }>(
        `mutation($i: CreateLeadRoutingRuleInput!) { createLeadRoutingRule(input: $i) { id } }`,
        { i: { name: 'Everyone to the admin', position: 0, ownerIds: [ADMIN.userId] } },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.createLeadRoutingRule.id;
    }, 60_000);
    const leadId = (
      await ok(
        gql<{ captureLead: { id: string } }>(`mutation($i: CaptureLeadInput!) { captureLead(input: $i) { id } }`, {
          i: { email: `routed.${randomUUID().slice(0, 8)}@example.com`, name: 'Routed Lead', company: 'Routed Co', source: 'REFERRAL' },
        }),
      )
    ).captureLead.id;
    await ok(gql(`mutation($i: ChangeLeadStatusInput!) { changeLeadStatus(input: $i) { id } }`, { i: { leadId, status: 'QUALIFIED' } }));
    const task = await eventually(async () => {
      const res = await ok(
        gql<{ activities: { edges: { node: { leadId: string | null; type: string; subject: string; automated: boolean } }[] } }>(
          `query($o: ID!) { activities(filter: { ownerId: $o }) { edges { node { leadId type subject automated } } } }`,
          { o: ADMIN.userId },
        ),
      );
      const found = res.activities.edges.map((e) => e.node).find((a) => a.leadId === leadId);
      expect(found).toBeDefined();
      return found!;
    }, 60_000);
    expect(task).toEqual({ leadId, type: 'TASK', subject: 'Follow up lead Routed Lead (Routed Co)', automated: true });
    expect(
      (await ok(gql<{ lead: { ownerId: string } }>(`query($id: ID!) { lead(id: $id) { ownerId } }`, { id: leadId }))).lead.ownerId,
    ).toBe(ADMIN.userId);
    // No rule is left behind for the cases after this one.
    await ok(gql(`mutation($id: ID!) { deleteLeadRoutingRule(id: $id) { id } }`, { id: rule }));
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

  it('imports a lead CSV uploaded with a staff token, reports its failed row, and refuses an upload past 50 MB 413 as JSON', async () => {
    const domain = `csv-${randomUUID().slice(0, 8)}.test`;
    const mapping = encodeURIComponent(JSON.stringify({ Email: 'EMAIL', Name: 'NAME', Company: 'COMPANY' }));
    const url = `${origin}/imports/leads?mapping=${mapping}&onDuplicate=UPDATE`;
    const headers = { 'content-type': 'text/csv', authorization: `Bearer ${await testToken(ADMIN)}` };
    const csv = `Email,Name,Company\nann@${domain},Ann,Acme\nbob@${domain},Bob,Acme\nnot an email,Cy,Acme\n`;
    const uploaded = await fetch(url, { method: 'POST', headers, body: csv });
    expect(uploaded.status).toBe(202);
    const job = (await uploaded.json()) as { id: string; failedRowsUrl: string };
    const progress = await eventually(
      async () => {
        const res = await fetch(`${origin}/imports/leads/${job.id}`, { headers: { authorization: headers.authorization } });
        const view = (await res.json()) as { status: string; rows: Record<string, number> };
        expect(view.status).toBe('COMPLETED');
        return view;
      },
      30_000,
      200,
    );
    expect(progress.rows).toEqual({ total: 3, done: 3, created: 2, updated: 0, skipped: 0, failed: 1 });
    const report = await fetch(`${origin}${job.failedRowsUrl}`, { headers: { authorization: headers.authorization } });
    expect((await report.text()).trim().split('\n')).toEqual([
      'line,reason,Email,Name,Company',
      '4,Email must be an email address,not an email,Cy,Acme',
    ]);
    const leads = await gql<{ leads: { edges: { node: { email: string; source: string } }[] } }>(
      'query($f: LeadFilter) { leads(first: 10, sort: EMAIL_ASC, filter: $f) { edges { node { email source } } } }',
      { f: { emailContains: domain } },
    );
    expect(leads.data!.leads.edges.map((e) => e.node)).toEqual([
      { email: `ann@${domain}`, source: 'IMPORT' },
      { email: `bob@${domain}`, source: 'IMPORT' },
    ]);

    const imports = await stack.count('marketing', 'lead_import');
    const tooBig = await fetch(url, { method: 'POST', headers, body: Buffer.alloc(50 * 1024 * 1024 + 1, 'a') });
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await tooBig.json()) as { errors: { extensions: { field?: string } }[] }).errors[0]!.extensions.field).toBe('body');
    expect(await stack.count('marketing', 'lead_import')).toBe(imports);
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })).status).toBe(401);
  });
});
