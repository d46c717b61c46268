import { useTestSubgraph } from '@crm/subgraph-testing';
import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { DataSource } from 'typeorm';
import type { MarketingConfig } from '../src/config/marketing.config';
import { FormRateLimits } from '../src/forms/form-rate-limits';
import { marketingSubgraph } from '../src/marketing.subgraph';

interface FormView {
  id: string;
  key: string;
  postPath: string;
  scorePoints: number;
  explicitOptIn: boolean;
}

const ORIGIN = 'https://www.example.test';
const FIELD_MAP = [
  { field: 'email', attribute: 'EMAIL', required: true },
  { field: 'full_name', attribute: 'NAME', required: true },
  { field: 'company', attribute: 'COMPANY' },
  { field: 'job', attribute: 'TITLE' },
  { field: 'country', attribute: 'COUNTRY' },
  { field: 'size', attribute: 'EMPLOYEE_COUNT' },
  { field: 'phone', attribute: 'PHONE' },
];

describe('web forms', () => {
  const marketing = useTestSubgraph(marketingSubgraph, {
    env: { FORM_POSTS_PER_IP_PER_MINUTE: '5', FORM_POSTS_PER_FORM_PER_MINUTE: '40' },
  });
  let base: string;
  let ipSeq = 0;
  const { gql, sql } = marketing;

  /** Each post from its own address unless told, so the per-address limit only bites where a test means it to. */
  const post = (
    key: string,
    body: string | Record<string, unknown>,
    o: { origin?: string; ip?: string; accept?: string; contentType?: string } = {},
  ) =>
    fetch(`${base}/forms/${key}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': o.contentType ?? (typeof body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json'),
        'x-forwarded-for': o.ip ?? `10.0.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`,
        ...(o.origin ? { origin: o.origin } : {}),
        ...(o.accept ? { accept: o.accept } : {}),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const createForm = async (overrides: Record<string, unknown> = {}): Promise<FormView> => {
    const res = await gql<{ createWebForm: FormView }>(
      `mutation($i: CreateWebFormInput!) { createWebForm(input: $i) { id key postPath scorePoints explicitOptIn } }`,
      {
        i: {
          name: 'Contact us',
          fieldMap: FIELD_MAP,
          consentText: 'Send me product news',
          scorePoints: 15,
          allowedOrigins: [ORIGIN],
          thankYouMessage: 'Thanks <b>friend</b>',
          utmSource: 'site',
          ...overrides,
        },
      },
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.createWebForm;
  };
  /** Every row a refused post could have written. */
  const snapshot = () =>
    Promise.all([
      sql('SELECT * FROM lead ORDER BY id'),
      sql('SELECT * FROM lead_phone ORDER BY lead_id, number'),
      sql('SELECT * FROM form_submission ORDER BY id'),
      sql('SELECT count(*) FROM outbox'),
    ]);

  beforeAll(async () => {
    base = new URL(marketing.url).origin;
  });

  it('takes a url-encoded post: upserts the lead by email, fills the mapped attributes, keeps the submission and its consent facts', async () => {
    const form = await createForm();
    expect(form.postPath).toBe(`/forms/${form.key}`);
    expect(form.key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const res = await post(
      form.key,
      'email=Ada%40Engines.test&full_name=Ada+Lovelace&company=Engines&job=CTO&country=gb&size=250&phone=%2B44+20+1234+5678&consent=yes&utm_medium=cpc',
      { origin: ORIGIN },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(await res.json()).toEqual({ status: 'accepted', message: 'Thanks <b>friend</b>', redirect: null });

    const [lead] = await sql<Record<string, unknown>>(`SELECT * FROM lead WHERE email = 'ada@engines.test'`);
    expect(lead).toMatchObject({
      name: 'Ada Lovelace',
      company: 'Engines',
      title: 'CTO',
      country: 'GB',
      employee_count: 250,
      source: 'WEB_FORM',
      source_form_id: form.id,
    });
    expect(await sql(`SELECT number, is_primary FROM lead_phone WHERE lead_id = $1`, [lead!.id])).toEqual([
      { number: '+44 20 1234 5678', is_primary: true },
    ]);
    const [submission] = await sql<Record<string, unknown>>(`SELECT * FROM form_submission WHERE form_id = $1`, [form.id]);
    expect(submission).toMatchObject({
      lead_id: lead!.id,
      consent_text: 'Send me product news',
      consent_given: true,
      utm_source: 'site',
      utm_medium: 'cpc',
      utm_term: null,
      origin: ORIGIN,
    });
    const [event] = await sql<{ data: Record<string, unknown> }>(
      `SELECT data FROM outbox WHERE type = 'crm.marketing.lead.form-submitted.v1' AND data->>'formId' = $1`,
      [form.id],
    );
    expect(event!.data).toMatchObject({
      leadId: lead!.id,
      isNewLead: true,
      scorePoints: 15,
      consent: { text: 'Send me product news', given: true },
      utm: { source: 'site', medium: 'cpc', term: null },
    });
  });

  it('updates the same lead on a second identical post, and lists both submissions through GraphQL', async () => {
    const form = await createForm();
    const body = { email: 'grace@navy.test', full_name: 'Grace Hopper' };
    expect((await post(form.key, body)).status).toBe(200);
    expect((await post(form.key, body)).status).toBe(200);
    expect(await sql(`SELECT id FROM lead WHERE email = 'grace@navy.test'`)).toHaveLength(1);
    const res = await gql<{ webForm: { submissions: { edges: { node: { consentGiven: boolean; values: unknown[] } }[] } } }>(
      `query($id: ID!) { webForm(id: $id) { submissions(first: 10) { edges { node { consentGiven values { attribute value } } } } } }`,
      { id: form.id },
    );
    const nodes = res.data!.webForm.submissions.edges.map((e) => e.node);
    expect(nodes).toHaveLength(2);
    expect(nodes[0]).toEqual({
      consentGiven: false,
      values: [
        { attribute: 'EMAIL', value: 'grace@navy.test' },
        { attribute: 'NAME', value: 'Grace Hopper' },
      ],
    });
    const flags = await sql<{ isNewLead: boolean }>(
      `SELECT (data->>'isNewLead')::boolean AS "isNewLead" FROM outbox WHERE type = 'crm.marketing.lead.form-submitted.v1' AND data->>'formId' = $1 ORDER BY seq`,
      [form.id],
    );
    expect(flags.map((f) => f.isNewLead)).toEqual([true, false]);
  });

  it('sends a browser form post to the thank-you URL, or shows the escaped thank-you message', async () => {
    const redirecting = await createForm({ thankYouUrl: 'https://www.example.test/thanks' });
    const res = await post(redirecting.key, 'email=b1%40x.test&full_name=B', { accept: 'text/html' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('https://www.example.test/thanks');

    const showing = await createForm();
    const page = await post(showing.key, 'email=b2%40x.test&full_name=B', { accept: 'text/html,application/xhtml+xml' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('Thanks &lt;b&gt;friend&lt;/b&gt;');
    expect(html).not.toContain('<b>friend</b>');
  });

  it('serves a hosted page of the form that posts to itself, with the honeypot hidden and the consent text', async () => {
    const form = await createForm({ consentText: 'Email me "news" & offers' });
    const res = await fetch(`${base}/forms/${form.key}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain(`action="/forms/${form.key}"`);
    expect(html).toContain('name="website"');
    expect(html).toContain('Email me &quot;news&quot; &amp; offers');
  });

  describe('consent from a post', () => {
    interface Grant {
      personKind: string;
      personId: string;
      status: string;
      source: string;
      sourceId: string | null;
      textShown: string | null;
    }
    const history = async (email: string) =>
      (
        await gql<{ consentHistory: { edges: { node: Grant }[] } }>(
          `query($f: ConsentHistoryFilter!) { consentHistory(filter: $f, first: 10) {
            edges { node { personKind personId status source sourceId textShown } } } }`,
          { f: { email } },
        )
      ).data!.consentHistory.edges.map((e) => e.node);
    const withdraw = (leadId: string) => marketing.ctx.leadConsent(leadId, 'WITHDRAWN', { source: 'UNSUBSCRIBE_LINK' });
    const leadId = async (email: string) => (await sql<{ id: string }>(`SELECT id FROM lead WHERE email = $1`, [email]))[0]!.id;

    it('records a ticked box as an email grant with the form as source and its text, once; an unticked post records nothing', async () => {
      const form = await createForm();
      expect((await post(form.key, { email: 'unticked@x.test', full_name: 'U' })).status).toBe(200);
      expect(await history('unticked@x.test')).toEqual([]);

      const body = { email: 'Ticked@x.test', full_name: 'T', consent: 'on' };
      expect((await post(form.key, body)).status).toBe(200);
      expect((await post(form.key, body)).status).toBe(200);
      const id = await leadId('ticked@x.test');
      expect(await history('ticked@x.test')).toEqual([
        { personKind: 'LEAD', personId: id, status: 'GRANTED', source: 'WEB_FORM', sourceId: form.id, textShown: 'Send me product news' },
      ]);
      const events = await sql(`SELECT 1 FROM outbox WHERE type = 'crm.marketing.consent.changed.v1' AND data->>'personId' = $1`, [id]);
      expect(events).toHaveLength(1);
    });

    it('keeps a withdrawal against a ticked post to an ordinary form, but an explicit opt-in form grants again', async () => {
      const ordinary = await createForm();
      const optIn = await createForm({ explicitOptIn: true, consentText: 'Yes, email me again' });
      expect(optIn).toMatchObject({ explicitOptIn: true });
      const body = { email: 'left@x.test', full_name: 'L', consent: 'yes' };
      expect((await post(ordinary.key, body)).status).toBe(200);
      await withdraw(await leadId('left@x.test'));

      expect((await post(ordinary.key, body)).status).toBe(200);
      expect((await history('left@x.test')).map((r) => r.status)).toEqual(['WITHDRAWN', 'GRANTED']);
      expect(await sql(`SELECT status FROM consent_state WHERE email = 'left@x.test'`)).toEqual([{ status: 'WITHDRAWN' }]);

      expect((await post(optIn.key, body)).status).toBe(200);
      const [latest] = await history('left@x.test');
      expect(latest).toMatchObject({ status: 'GRANTED', sourceId: optIn.id, textShown: 'Yes, email me again' });
      expect(await sql(`SELECT status FROM consent_state WHERE email = 'left@x.test'`)).toEqual([{ status: 'GRANTED' }]);
    });
  });

  describe('under bad input', () => {
    let form: FormView;
    beforeAll(async () => {
      form = await createForm();
    });

    it('answers an unknown key 404 as JSON, writing nothing', async () => {
      const before = await snapshot();
      for (const key of ['AAAAAAAAAAAAAAAAAAAAAA', "x'; DROP TABLE lead; --"]) {
        const res = await post(encodeURIComponent(key), { email: 'a@b.test', full_name: 'A' });
        expect(res.status).toBe(404);
        expect(await res.json()).toEqual({
          errors: [{ message: 'There is no form with this key', extensions: { code: 'NOT_FOUND', field: 'key' } }],
        });
      }
      expect((await fetch(`${base}/forms/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
      expect(await snapshot()).toEqual(before);
    });

    it('answers missing and malformed fields 400, naming every one, writing nothing', async () => {
      const before = await snapshot();
      const res = await post(form.key, { full_name: '', country: 'Narnia', size: 'many', phone: 'call me' });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: { message: string; extensions: { code: string; field: string } }[] };
      expect(body.errors.map((e) => e.extensions.field)).toEqual(['email', 'full_name', 'country', 'size', 'phone']);
      expect(body.errors.every((e) => e.extensions.code === 'BAD_USER_INPUT')).toBe(true);
      const notAnEmail = await post(form.key, 'email=nope&full_name=X');
      expect(notAnEmail.status).toBe(400);
      const twice = await post(form.key, 'email=a%40b.test&email=c%40d.test&full_name=X');
      expect(((await twice.json()) as { errors: { extensions: { field: string } }[] }).errors[0]!.extensions.field).toBe('email');
      expect(await snapshot()).toEqual(before);
    });

    it('accepts a filled honeypot exactly like a real post, and writes nothing', async () => {
      const before = await snapshot();
      const res = await post(form.key, { email: 'bot@spam.test', full_name: 'Bot', website: 'http://spam.test' });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'accepted', message: 'Thanks <b>friend</b>', redirect: null });
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a foreign origin 403, on the post and on the preflight, writing nothing', async () => {
      const before = await snapshot();
      const res = await post(form.key, { email: 'x@evil.test', full_name: 'X' }, { origin: 'https://evil.test' });
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(((await res.json()) as { errors: { extensions: unknown }[] }).errors[0]!.extensions).toEqual({
        code: 'FORBIDDEN',
        field: 'origin',
      });
      const preflight = await fetch(`${base}/forms/${form.key}`, { method: 'OPTIONS', headers: { origin: 'https://evil.test' } });
      expect(preflight.status).toBe(403);
      expect(await snapshot()).toEqual(before);

      const allowed = await fetch(`${base}/forms/${form.key}`, { method: 'OPTIONS', headers: { origin: ORIGIN } });
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(allowed.headers.get('access-control-allow-methods')).toBe('POST');
    });

    it('refuses an oversize body 413 and another content type 415, writing nothing', async () => {
      const before = await snapshot();
      const big = await post(form.key, `email=a%40b.test&full_name=${'x'.repeat(20_000)}`);
      expect(big.status).toBe(413);
      expect(((await big.json()) as { errors: { extensions: unknown }[] }).errors[0]!.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'body',
      });
      const xml = await post(form.key, '<lead/>', { contentType: 'application/xml' });
      expect(xml.status).toBe(415);
      const notObject = await post(form.key, '[1,2]', { contentType: 'application/json' });
      expect(notObject.status).toBe(400);
      expect(await snapshot()).toEqual(before);
    });

    it('answers 429 with Retry-After past the per-address limit, and writes nothing more', async () => {
      const ip = '192.0.2.77';
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await post(form.key, { email: `burst${i}@x.test`, full_name: 'B' }, { ip })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(await sql(`SELECT 1 FROM lead WHERE email LIKE 'burst%'`)).toHaveLength(5);
      const limited = await post(form.key, { email: 'burst9@x.test', full_name: 'B' }, { ip });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await limited.json()) as { errors: { extensions: unknown }[] }).errors[0]!.extensions).toEqual({ code: 'RATE_LIMITED' });
    });

    it('answers 429 past the per-form limit, whatever the addresses', async () => {
      const busy = await createForm();
      const statuses: number[] = [];
      for (let i = 0; i < 42; i++) statuses.push((await post(busy.key, { email: `crowd${i}@x.test`, full_name: 'C' })).status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(40);
      expect(statuses.slice(40)).toEqual([429, 429]);
    });

    it('holds both limits for the service as a whole: another replica on the same database refuses the busy form and address', async () => {
      const busy = await createForm();
      for (let i = 0; i < 40; i++) expect((await post(busy.key, { email: `replica${i}@x.test`, full_name: 'R' })).status).toBe(200);
      const ip = '192.0.2.88';
      for (let i = 0; i < 5; i++) expect((await post(form.key, { email: `other${i}@x.test`, full_name: 'R' }, { ip })).status).toBe(200);
      // A second process, as another pod would be: its own limiters, the same database.
      const replica = new FormRateLimits(marketing.app.get<MarketingConfig>(SUBGRAPH_CONFIG), marketing.app.get(DataSource));
      expect(await replica.form(busy.key)).toBeGreaterThan(0);
      expect(await replica.ip(ip)).toBeGreaterThan(0);
      expect(await replica.ip('192.0.2.89')).toBeNull();
    });
  });

  describe('defining forms', () => {
    const create = (i: Record<string, unknown>) =>
      gql(`mutation($i: CreateWebFormInput!) { createWebForm(input: $i) { id } }`, {
        i: { name: 'F', fieldMap: FIELD_MAP, allowedOrigins: [ORIGIN], ...i },
      });

    it.each([
      ['fieldMap', { fieldMap: [{ field: 'name', attribute: 'NAME' }] }],
      ['fieldMap', { fieldMap: [...FIELD_MAP, { field: 'email', attribute: 'TITLE' }] }],
      ['fieldMap', { fieldMap: [...FIELD_MAP, { field: 'consent', attribute: 'TITLE' }] }],
      ['fieldMap', { fieldMap: [...FIELD_MAP, { field: '1bad name', attribute: 'TITLE' }] }],
      ['allowedOrigins', { allowedOrigins: ['https://ok.test/path'] }],
      ['allowedOrigins', { allowedOrigins: ['javascript:alert(1)'] }],
      ['thankYouUrl', { thankYouUrl: 'javascript:alert(1)' }],
      ['scorePoints', { scorePoints: -1 }],
      ['honeypotField', { honeypotField: 'no spaces' }],
      ['campaignId', { campaignId: 'c1' }],
      ['explicitOptIn', { explicitOptIn: true, consentText: null }],
    ])('refuses a bad %s as BAD_USER_INPUT naming it, creating nothing', async (field, input) => {
      const before = await sql('SELECT count(*) FROM web_form');
      const res = await create(input);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(res.errors?.[0])).toContain(field);
      expect(await sql('SELECT count(*) FROM web_form')).toEqual(before);
    });

    it('replaces a definition, keeping the key; an unknown id is NOT_FOUND on id', async () => {
      const form = await createForm();
      const res = await gql<{ updateWebForm: FormView }>(
        `mutation($i: UpdateWebFormInput!) { updateWebForm(input: $i) { id key scorePoints } }`,
        { i: { id: form.id, name: 'Renamed', fieldMap: FIELD_MAP, allowedOrigins: [], scorePoints: 3 } },
      );
      expect(res.data!.updateWebForm).toEqual({ id: form.id, key: form.key, scorePoints: 3 });
      const missing = await gql(`mutation($i: UpdateWebFormInput!) { updateWebForm(input: $i) { id } }`, {
        i: { id: '00000000-0000-4000-8000-000000000999', name: 'X', fieldMap: FIELD_MAP, allowedOrigins: [] },
      });
      expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    });
  });
});
