import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestSubgraph, type TestSubgraph } from '@crm/subgraph-testing';
import { decodeQuotedPrintable, eventually, type GqlResponse, type SinkMessage, type SmtpSink, startSmtpSink } from '@crm/testing';
import { marketingSubgraph } from '../src/marketing.subgraph';

const TEMPLATE = {
  name: 'Spring news',
  subject: 'News for {{firstName}}',
  html: '<p>Dear {{name}}{{#company}} of {{company}}{{/company}},</p><p><a href="https://example.com/spring?utm=mail">Read more</a></p>',
  text: 'Dear {{name}}, read more at https://example.com/spring',
};
const CONSENT_TEXT = 'Yes, email me news. Unsubscribe at any time.';

/** The tracking links of one message, as a mail client would follow them. */
function linksOf(m: SinkMessage): { open: string; click: string; unsubscribe: string } {
  const html = decodeQuotedPrintable(m.raw)
    .replace(/&#x2F;/g, '/')
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&');
  const find = (kind: string) => {
    const match = new RegExp(`https?://[^"\\s]+/t/${kind}/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+`).exec(html);
    if (!match) throw new Error(`no /t/${kind}/ link in ${m.file}`);
    return match[0];
  };
  return { open: find('o'), click: find('c'), unsubscribe: find('u') };
}

describe('campaign email', () => {
  let marketing: TestSubgraph;
  let sink: SmtpSink;
  let origin = '';
  const gql: TestSubgraph['gql'] = (q, v) => marketing.gql(q, v);
  const ok = async <T>(res: Promise<GqlResponse<T>>): Promise<T> => {
    const r = await res;
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  /** Public origin = the subgraph itself here; through the gateway in the end-to-end suite. */
  const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, origin);

  beforeAll(async () => {
    sink = await startSmtpSink({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'crm-mail-')) });
    marketing = await startTestSubgraph(marketingSubgraph, {
      env: {
        SMTP_URL: sink.url,
        EMAIL_POLL_MS: '50',
        EMAIL_SEND_RATE: '5000',
        EMAIL_BATCH_SIZE: '25',
        PUBLIC_URL: 'https://crm.example.com',
      },
    });
    origin = marketing.url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await marketing?.close();
    await sink?.close();
  });

  const newTemplate = async (t: Record<string, unknown> = TEMPLATE) =>
    (
      await ok(
        gql<{ createEmailTemplate: { id: string } }>(`mutation($i: CreateEmailTemplateInput!) { createEmailTemplate(input: $i) { id } }`, {
          i: t,
        }),
      )
    ).createEmailTemplate.id;
  const consent = (leadId: string, status: string, source: string) =>
    marketing.ctx.leadConsent(leadId, status, { source, textShown: status === 'GRANTED' ? CONSENT_TEXT : null });
  const memberStatus = async (campaignId: string, personId: string) =>
    (
      await marketing.sql<{ status: string }>(`SELECT status FROM campaign_member WHERE campaign_id = $1 AND person_id = $2`, [
        campaignId,
        personId,
      ])
    )[0]!.status;

  it('sends a campaign to 100 members, 10 of them unsubscribed, as 90 messages; an open and a click through the real links move the member', async () => {
    const domain = 'hundred.test';
    const leads: { id: string; email: string }[] = [];
    for (let n = 0; n < 100; n++) {
      const lead = await marketing.ctx.newLead({
        email: `m${String(n).padStart(3, '0')}@${domain}`,
        name: n === 0 ? '<b>Evil</b> & Co' : `Member ${n}`,
        company: n % 2 ? 'Acme' : null,
      });
      leads.push(lead);
      await consent(lead.id, 'GRANTED', 'WEB_FORM');
    }
    const unsubscribed = leads.slice(90);
    for (const l of unsubscribed) await consent(l.id, 'WITHDRAWN', 'UNSUBSCRIBE_LINK');
    // An import after the unsubscribe does not bring them back.
    const reimport = await gql(`mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`, {
      i: {
        person: { kind: 'LEAD', id: unsubscribed[0]!.id },
        channel: 'EMAIL',
        status: 'GRANTED',
        source: 'IMPORT',
        lawfulBasis: 'CONSENT',
        textShown: CONSENT_TEXT,
      },
    });
    expect(reimport.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const campaign = (
      await ok(gql<{ createCampaign: { id: string } }>(`mutation { createCampaign(input: { name: "Spring", type: EMAIL }) { id } }`))
    ).createCampaign;
    await ok(
      gql(`mutation($i: AddCampaignMembersInput!) { addCampaignMembers(input: $i) { added } }`, {
        i: { campaignId: campaign.id, leadFilter: { emailDomain: domain } },
      }),
    );
    const templateId = await newTemplate();
    const send = (
      await ok(
        gql<{ scheduleCampaignSend: { id: string; status: string } }>(
          `mutation($i: ScheduleCampaignSendInput!) { scheduleCampaignSend(input: $i) { id status } }`,
          { i: { campaignId: campaign.id, templateId } },
        ),
      )
    ).scheduleCampaignSend;
    expect(send.status).toBe('SCHEDULED');

    const done = await eventually(async () => {
      const s = (
        await ok(
          gql<{ emailSend: { status: string; counts: Record<string, number> } }>(
            `query($id: ID!) { emailSend(id: $id) { status counts { sending sent skipped failed } } }`,
            { id: send.id },
          ),
        )
      ).emailSend;
      if (s.status !== 'COMPLETED') throw new Error(`still ${s.status}`);
      return s;
    }, 30_000);
    expect(done.counts).toEqual({ sending: 0, sent: 90, skipped: 10, failed: 0 });

    const mail = sink.messages();
    expect(mail).toHaveLength(90);
    expect(sink.accepted()).toBe(90);
    expect(new Set(mail.map((m) => m.to))).toEqual(new Set(leads.slice(0, 90).map((l) => l.email)));
    const evil = mail.find((m) => m.to === leads[0]!.email)!;
    expect(decodeQuotedPrintable(evil.raw)).toContain('Dear &lt;b&gt;Evil&lt;&#x2F;b&gt; &amp; Co,');
    expect(evil.raw).not.toContain('example.com/spring?utm');

    const skipped = await marketing.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM campaign_member WHERE campaign_id = $1 AND status = 'TARGETED'`,
      [campaign.id],
    );
    expect(skipped[0]!.n).toBe(10);
    expect(await marketing.count(`outbox WHERE type = 'crm.marketing.email.sent.v1' AND data->>'campaignId' = '${campaign.id}'`)).toBe(90);

    // One open and one click, through the links in the delivered mail.
    const opener = mail.find((m) => m.to === leads[1]!.email)!;
    const clicker = mail.find((m) => m.to === leads[2]!.email)!;
    const pixel = await fetch(local(linksOf(opener).open));
    expect(pixel.status).toBe(200);
    expect(pixel.headers.get('content-type')).toBe('image/gif');
    expect(await memberStatus(campaign.id, leads[1]!.id)).toBe('OPENED');
    const click = await fetch(local(linksOf(clicker).click), { redirect: 'manual' });
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe('https://example.com/spring?utm=mail');
    expect(await memberStatus(campaign.id, leads[2]!.id)).toBe('CLICKED');
    const engaged = await marketing.sql<{ type: string; person: string }>(
      `SELECT type, data->>'personId' AS person FROM outbox WHERE type IN ('crm.marketing.email.opened.v1', 'crm.marketing.email.clicked.v1') ORDER BY seq`,
    );
    expect(engaged).toEqual([
      { type: 'crm.marketing.email.opened.v1', person: leads[1]!.id },
      { type: 'crm.marketing.email.clicked.v1', person: leads[2]!.id },
    ]);

    // The unsubscribe link withdraws consent and marks the member.
    const unsub = await fetch(local(linksOf(opener).unsubscribe));
    expect(unsub.status).toBe(200);
    expect(await unsub.json()).toEqual({ unsubscribed: true });
    expect(await memberStatus(campaign.id, leads[1]!.id)).toBe('UNSUBSCRIBED');
    const [state] = await marketing.sql<{ status: string }>(`SELECT status FROM consent_state WHERE email = $1 AND channel = 'EMAIL'`, [
      leads[1]!.email,
    ]);
    expect(state!.status).toBe('WITHDRAWN');

    // A forged or altered token is 400 JSON and records nothing.
    const before = await marketing.count('outbox');
    const real = linksOf(clicker).click;
    const tampered = real.replace(
      /\/t\/c\/([A-Za-z0-9_-]+)\./,
      (_m, p: string) => `/t/c/${Buffer.from(Buffer.from(p, 'base64url').toString().replace(/:0$/, ':1')).toString('base64url')}.`,
    );
    for (const bad of [tampered, real.replace('/t/c/', '/t/o/'), `${origin}/t/c/not-a-token`, `${origin}/t/u/${'x'.repeat(300)}`]) {
      const res = await fetch(local(bad), { redirect: 'manual' });
      expect([bad, res.status]).toEqual([bad, 400]);
      expect(await res.json()).toMatchObject({ error: { code: 'BAD_REQUEST', field: 'token' } });
    }
    expect(await marketing.count('outbox')).toBe(before);
  });

  describe('refuses, naming the field, and writes nothing', () => {
    it.each([
      ['an unknown merge field', { ...TEMPLATE, html: '<p>{{password}}</p>' }, 'html'],
      ['an unescaped merge field', { ...TEMPLATE, html: '<p>{{{name}}}</p>' }, 'html'],
      ['a link built from a merge field', { ...TEMPLATE, html: '<a href="https://x.test/?e={{email}}">x</a>' }, 'html'],
      ['an unknown field in the subject', { ...TEMPLATE, subject: 'Hi {{secret}}' }, 'subject'],
      ['an empty subject', { ...TEMPLATE, subject: ' ' }, 'subject'],
    ])('a template with %s', async (_name, input, field) => {
      const before = await marketing.count('email_template');
      const res = await gql(`mutation($i: CreateEmailTemplateInput!) { createEmailTemplate(input: $i) { id } }`, { i: input });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await marketing.count('email_template')).toBe(before);
    });

    it('a send of a template or campaign that does not exist', async () => {
      const campaign = (
        await ok(gql<{ createCampaign: { id: string } }>(`mutation { createCampaign(input: { name: "X", type: EMAIL }) { id } }`))
      ).createCampaign;
      const templateId = await newTemplate();
      const schedule = (i: Record<string, unknown>) =>
        gql(`mutation($i: ScheduleCampaignSendInput!) { scheduleCampaignSend(input: $i) { id } }`, { i });
      expect((await schedule({ campaignId: campaign.id, templateId: campaign.id })).errors?.[0]?.extensions).toMatchObject({
        code: 'NOT_FOUND',
        field: 'templateId',
      });
      expect((await schedule({ campaignId: templateId, templateId })).errors?.[0]?.extensions).toMatchObject({
        code: 'NOT_FOUND',
        field: 'campaignId',
      });
      expect((await schedule({ campaignId: campaign.id, templateId, scheduledAt: 'tomorrow' })).errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
      });
      expect(await marketing.count('email_send')).toBe(1);
    });
  });
});
