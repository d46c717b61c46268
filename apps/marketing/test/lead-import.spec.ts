import { startTestSubgraph, type TestSubgraph } from '@crm/subgraph-testing';
import { ADMIN, asPartner, testToken, type Caller } from '@crm/testing';
import { parse } from 'csv-parse/sync';
import { LeadImportJob } from '../src/imports/lead-import.job';
import { LeadImportService } from '../src/imports/lead-import.service';
import { marketingSubgraph } from '../src/marketing.subgraph';

interface ImportView {
  id: string;
  status: string;
  onDuplicate: string;
  rows: { total: number; done: number; created: number; updated: number; skipped: number; failed: number };
  failedRowsUrl: string;
  done: boolean;
}

interface Refusal {
  message: string;
  extensions: { code: string; field?: string };
}

const HEADER = 'E-mail,Full name,Organisation,Country,Phone,Notes';
const MAPPING = { 'E-mail': 'EMAIL', 'Full name': 'NAME', Organisation: 'company', Country: 'COUNTRY', Phone: 'PHONE' };
const LIMIT_BYTES = 200_000;

/**
 * Lead CSV imports as a client reaches marketing (the gateway passes the caller's token on). The
 * job does not run by itself here (LEAD_IMPORT_ENABLED=false): each test applies the rows when it
 * means to, so progress and resumption are seen batch by batch.
 */
describe('lead CSV import', () => {
  let marketing: TestSubgraph;
  let base: string;

  const upload = async (csv: string, query: Record<string, string>, as: Caller = ADMIN, contentType = 'text/csv') =>
    fetch(`${base}/imports/leads?${new URLSearchParams(query).toString()}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(as ? { authorization: `Bearer ${await testToken(as)}` } : {}) },
      body: csv,
    });
  const get = async (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${await testToken(ADMIN)}` } });
  const progress = async (id: string) => (await (await get(`/imports/leads/${id}`)).json()) as ImportView;
  const refusal = async (res: Response) => ((await res.json()) as { errors: Refusal[] }).errors[0]!;
  const runToEnd = () => marketing.app.get(LeadImportJob).runOnce();
  /** What an import may have written. */
  const snapshot = () =>
    Promise.all([
      marketing.sql('SELECT id, email, name, company, country, title, status, source FROM lead ORDER BY email'),
      marketing.sql('SELECT lead_id, number, is_primary FROM lead_phone ORDER BY lead_id, number'),
      marketing.sql('SELECT email, channel, status FROM consent_state ORDER BY email, channel'),
      marketing.sql(`SELECT count(*) FROM outbox WHERE type IN ('crm.marketing.lead.captured.v1', 'crm.marketing.lead.updated.v1')`),
    ]);
  const importCount = async () => (await marketing.count('lead_import')) + (await marketing.count('lead_import_row'));

  /** 300 rows: 260 new leads, 20 bad ones, 10 repeats of an earlier email, 10 rows for leads that exist. */
  const file = (domain: string, existing: string[]) => {
    const lines = [HEADER];
    for (let i = 0; i < 260; i++) lines.push(`lead${i}@${domain},Lead ${i},Acme ${i % 7},de,+49 30 ${1000 + i},note ${i}`);
    for (let i = 0; i < 10; i++) lines.push(`not-an-email-${i},Bad ${i},Acme,de,,`);
    for (let i = 0; i < 10; i++) lines.push(`bad-country${i}@${domain},Bad ${i},Acme,Germany,,`);
    for (let i = 0; i < 10; i++) lines.push(`LEAD${i}@${domain},Again ${i},Acme,de,,`);
    existing.forEach((email, i) => lines.push(`${email},Known ${i},"Renamed, Inc",fr,,`));
    return `${lines.join('\n')}\n`;
  };

  beforeAll(async () => {
    marketing = await startTestSubgraph(marketingSubgraph, {
      env: { LEAD_IMPORT_ENABLED: 'false', LEAD_IMPORT_BATCH_SIZE: '50', LEAD_IMPORT_MAX_BYTES: String(LIMIT_BYTES) },
    });
    base = marketing.url.replace(/\/graphql$/, '');
  });
  afterAll(() => marketing?.close());

  it('imports a file batch by batch with progress, reports failed rows with reasons, and a second run changes nothing', async () => {
    const domain = `import-${Date.now().toString(36)}.test`;
    const existing: string[] = [];
    for (let i = 0; i < 10; i++) existing.push((await marketing.ctx.newLead({ email: `known${i}@${domain}`, name: `Known ${i}` })).email);
    // Five of them already hold what the file says: nothing to change there.
    for (const email of existing.slice(0, 5))
      await marketing.sql(
        `UPDATE lead SET company = 'Renamed, Inc', country = 'FR', name = 'Known ' || substr(email, 6, 1) WHERE email = $1`,
        [email],
      );
    const csv = file(domain, existing);

    const res = await upload(csv, { mapping: JSON.stringify(MAPPING), onDuplicate: 'UPDATE' });
    expect(res.status).toBe(202);
    const staged = (await res.json()) as ImportView;
    expect(res.headers.get('location')).toBe(`/imports/leads/${staged.id}`);
    // Bad rows and repeats are settled while the file is read; the rest wait for the job.
    expect(staged).toMatchObject({ status: 'RUNNING', rows: { total: 300, done: 30, created: 0, updated: 0, skipped: 10, failed: 20 } });

    // One batch, then the rest: what a restart in between would resume from.
    await marketing.app.get(LeadImportService).applyNextBatch();
    expect((await progress(staged.id)).rows).toMatchObject({ done: 80, created: 50 });
    await runToEnd();
    const done = await progress(staged.id);
    expect(done).toMatchObject({
      status: 'COMPLETED',
      done: true,
      rows: { total: 300, done: 300, created: 260, updated: 5, skipped: 15, failed: 20 },
    });

    const leads = await marketing.sql<{ email: string; name: string; company: string; country: string; source: string }>(
      `SELECT email, name, company, country, source FROM lead WHERE email LIKE $1 ORDER BY email`,
      [`%@${domain}`],
    );
    expect(leads).toHaveLength(270);
    expect(leads.find((l) => l.email === `lead7@${domain}`)).toEqual({
      email: `lead7@${domain}`,
      name: 'Lead 7',
      company: 'Acme 0',
      country: 'DE',
      source: 'IMPORT',
    });
    expect(leads.find((l) => l.email === `known9@${domain}`)).toMatchObject({
      name: 'Known 9',
      company: 'Renamed, Inc',
      country: 'FR',
      source: 'WEB_FORM',
    });
    const phones = await marketing.sql(
      `SELECT p.number, p.is_primary FROM lead_phone p JOIN lead l ON l.id = p.lead_id WHERE l.email = $1`,
      [`lead7@${domain}`],
    );
    expect(phones).toEqual([{ number: '+49 30 1007', is_primary: true }]);
    const events = await marketing.sql<{ type: string; n: number }>(
      `SELECT type, count(*)::int AS n FROM outbox WHERE data->>'email' LIKE $1 AND type IN ('crm.marketing.lead.captured.v1', 'crm.marketing.lead.updated.v1')
       GROUP BY type ORDER BY type`,
      [`%@${domain}`],
    );
    // The ten known leads were captured by the test (10), the file captured 260 and updated 5.
    expect(events).toEqual([
      { type: 'crm.marketing.lead.captured.v1', n: 270 },
      { type: 'crm.marketing.lead.updated.v1', n: 5 },
    ]);

    const report = await get(done.failedRowsUrl);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const failed = parse<Record<string, string>>(await report.text(), { columns: true });
    expect(failed).toHaveLength(20);
    expect(failed[0]).toEqual({
      line: '262',
      reason: 'E-mail must be an email address',
      'E-mail': 'not-an-email-0',
      'Full name': 'Bad 0',
      Organisation: 'Acme',
      Country: 'de',
      Phone: '',
      Notes: '',
    });
    expect(failed[10]).toMatchObject({
      line: '272',
      reason: 'Country must be an ISO 3166-1 alpha-2 country code',
      'E-mail': `bad-country0@${domain}`,
    });

    const before = await snapshot();
    const again = (await (await upload(csv, { mapping: JSON.stringify(MAPPING), onDuplicate: 'UPDATE' })).json()) as ImportView;
    await runToEnd();
    expect((await progress(again.id)).rows).toEqual({ total: 300, done: 300, created: 0, updated: 0, skipped: 280, failed: 20 });
    expect(await snapshot()).toEqual(before);
  });

  it('skips leads that exist when told to, and never touches consent: a withdrawn address stays withdrawn', async () => {
    const lead = await marketing.ctx.newLead({ name: 'Opted Out', company: 'Old Co' });
    const withdrawn = await marketing.gql(`mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`, {
      i: { person: { kind: 'LEAD', id: lead.id }, channel: 'EMAIL', status: 'WITHDRAWN', source: 'WEB_FORM', lawfulBasis: 'CONSENT' },
    });
    expect(withdrawn.errors).toBeUndefined();
    const csv = `${HEADER}\n${lead.email},Opted Back In,New Co,de,,\n`;
    const before = await snapshot();
    const skipped = (await (await upload(csv, { mapping: JSON.stringify(MAPPING), onDuplicate: 'SKIP' })).json()) as ImportView;
    await runToEnd();
    expect((await progress(skipped.id)).rows).toMatchObject({ created: 0, updated: 0, skipped: 1 });
    expect(await snapshot()).toEqual(before);

    const updated = (await (await upload(csv, { mapping: JSON.stringify(MAPPING), onDuplicate: 'UPDATE' })).json()) as ImportView;
    await runToEnd();
    expect((await progress(updated.id)).rows).toMatchObject({ updated: 1 });
    expect(await marketing.sql(`SELECT company FROM lead WHERE id = $1`, [lead.id])).toEqual([{ company: 'New Co' }]);
    expect(await marketing.sql(`SELECT status FROM consent_state WHERE email = $1`, [lead.email])).toEqual([{ status: 'WITHDRAWN' }]);
  });

  it.each([
    ['a column the file does not have', { ...MAPPING, Email: 'EMAIL', 'E-mail': 'TITLE' }, 'mapping.Email', 'is not in the file'],
    ['a target that is no lead attribute', { ...MAPPING, Notes: 'SHOE_SIZE' }, 'mapping.Notes', 'SHOE_SIZE'],
    ['consent', { ...MAPPING, Notes: 'consent' }, 'mapping.Notes', 'never records or changes consent'],
    ['two columns to one attribute', { ...MAPPING, Notes: 'NAME' }, 'mapping.Notes', 'both map to NAME'],
    ['no email column', { 'Full name': 'NAME' }, 'mapping', 'EMAIL'],
  ])('refuses a mapping with %s 400, naming the column, and writes nothing', async (_what, mapping, field, words) => {
    const before = await importCount();
    const res = await upload(`${HEADER}\na@b.test,A,B,de,,\n`, { mapping: JSON.stringify(mapping) });
    expect(res.status).toBe(400);
    const e = await refusal(res);
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(e.message).toContain(words);
    expect(await importCount()).toBe(before);
  });

  it('refuses an upload past the size limit 413 as JSON, declared or streamed, and writes nothing', async () => {
    const before = [await importCount(), await snapshot()];
    const rows = Array.from({ length: 8000 }, (_, i) => `big${i}@big.test,Big ${i},Big Co,de,,`);
    const big = `${HEADER}\n${rows.join('\n')}\n`;
    expect(big.length).toBeGreaterThan(LIMIT_BYTES);
    const declared = await upload(big, { mapping: JSON.stringify(MAPPING) });
    expect(declared.status).toBe(413);
    expect((await refusal(declared)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    // Without a length up front (chunked), the read stops at the limit and rolls back what it staged.
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < big.length; i += 16_384) c.enqueue(new TextEncoder().encode(big.slice(i, i + 16_384)));
        c.close();
      },
    });
    const streamed = await fetch(`${base}/imports/leads?${new URLSearchParams({ mapping: JSON.stringify(MAPPING) }).toString()}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${await testToken(ADMIN)}` },
      body: chunks,
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
    expect([await importCount(), await snapshot()]).toEqual(before);
  });

  it('refuses a malformed file 400 naming the body, another content type 415, and callers who may not import', async () => {
    const before = await importCount();
    const malformed = await upload(`${HEADER}\n"a@b.test,A\n`, { mapping: JSON.stringify(MAPPING) });
    expect(malformed.status).toBe(400);
    expect((await refusal(malformed)).extensions).toMatchObject({ field: 'body' });
    const json = await upload('{}', { mapping: JSON.stringify(MAPPING) }, ADMIN, 'application/json');
    expect(json.status).toBe(415);
    expect((await upload(`${HEADER}\n`, { mapping: JSON.stringify(MAPPING) }, null)).status).toBe(401);
    expect(
      (await upload(`${HEADER}\n`, { mapping: JSON.stringify(MAPPING) }, asPartner('00000000-0000-4000-8000-0000000000a1'))).status,
    ).toBe(403);
    const badChoice = await upload(`${HEADER}\n`, { mapping: JSON.stringify(MAPPING), onDuplicate: 'MERGE' });
    expect((await refusal(badChoice)).extensions).toMatchObject({ field: 'onDuplicate' });
    expect((await get('/imports/leads/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect(await importCount()).toBe(before);
  });
});
