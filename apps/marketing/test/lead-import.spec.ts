import { randomUUID } from 'node:crypto';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { ADMIN, asPartner, csvImportClient, itPagesWithCursors, testToken, type Caller, type CsvImportView } from '@crm/testing';
import { LeadImportJob } from '../src/imports/lead-import.job';
import { LeadImportService } from '../src/imports/lead-import.service';
import { marketingSubgraph } from '../src/marketing.subgraph';

interface ImportView extends CsvImportView {
  onDuplicate: string;
  createdAt: string;
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
  const marketing = useTestSubgraph(marketingSubgraph, {
    env: { LEAD_IMPORT_ENABLED: 'false', LEAD_IMPORT_BATCH_SIZE: '50', LEAD_IMPORT_MAX_BYTES: String(LIMIT_BYTES) },
  });
  let base: string;

  const { upload, get, progress, refusal, failedRows } = csvImportClient<ImportView>(() => base, 'leads');
  const runToEnd = () => marketing.app.get(LeadImportJob).runOnce();
  /** What an import may have written. */
  const snapshot = () =>
    Promise.all([
      marketing.sql('SELECT id, email, name, company, country, title, status, source FROM lead ORDER BY email'),
      marketing.sql('SELECT lead_id, number, is_primary FROM lead_phone ORDER BY lead_id, number'),
      marketing.sql('SELECT email, channel, status FROM consent_state ORDER BY email, channel'),
      marketing.sql(`SELECT count(*) FROM outbox WHERE type IN ('crm.marketing.lead.captured.v1', 'crm.marketing.lead.updated.v2')`),
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
    base = marketing.url.replace(/\/graphql$/, '');
  });
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
      `SELECT type, count(*)::int AS n FROM outbox WHERE data->>'email' LIKE $1 AND type IN ('crm.marketing.lead.captured.v1', 'crm.marketing.lead.updated.v2')
       GROUP BY type ORDER BY type`,
      [`%@${domain}`],
    );
    // The ten known leads were captured by the test (10), the file captured 260 and updated 5.
    expect(events).toEqual([
      { type: 'crm.marketing.lead.captured.v1', n: 270 },
      { type: 'crm.marketing.lead.updated.v2', n: 5 },
    ]);

    // Each update says what it changed, old and new (the audit trail): known9 had no company or country.
    const [known9] = await marketing.sql<{ data: { changes: unknown[]; updatedBy: string } }>(
      `SELECT data FROM outbox WHERE type = 'crm.marketing.lead.updated.v2' AND data->>'email' = $1`,
      [`known9@${domain}`],
    );
    expect(known9!.data).toMatchObject({
      updatedBy: ADMIN.userId,
      changes: [
        { field: 'company', old: null, new: 'Renamed, Inc' },
        { field: 'country', old: null, new: 'FR' },
      ],
    });

    const failed = await failedRows(done);
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
    await marketing.ctx.leadConsent(lead.id, 'WITHDRAWN');
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
  describe('hostile bytes', () => {
    const upMapped = (csv: string | Uint8Array, onDuplicate = 'SKIP') => upload(csv, { mapping: JSON.stringify(MAPPING), onDuplicate });
    const imported = async (res: Response) => {
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as ImportView;
      await runToEnd();
      return progress(id);
    };

    it('reads a BOM and CRLF line ends as a plain LF file: the same file with LF changes nothing after', async () => {
      const rows = ['bom1@bytes.test,Bom One,Acme,de,,', 'bom2@bytes.test,Bom Two,"Acme, Inc",at,,'];
      const crlf = await imported(await upMapped(`\uFEFF${HEADER}\r\n${rows.join('\r\n')}\r\n`));
      expect(crlf.rows).toMatchObject({ total: 2, created: 2, failed: 0 });
      expect(
        await marketing.sql(`SELECT email, name, company, country FROM lead WHERE email LIKE 'bom%@bytes.test' ORDER BY email`),
      ).toEqual([
        { email: 'bom1@bytes.test', name: 'Bom One', company: 'Acme', country: 'DE' },
        { email: 'bom2@bytes.test', name: 'Bom Two', company: 'Acme, Inc', country: 'AT' },
      ]);
      const lf = await imported(await upMapped(`${HEADER}\n${rows.join('\n')}\n`, 'UPDATE'));
      expect(lf.rows).toMatchObject({ total: 2, created: 0, updated: 0, skipped: 2 });
    });

    it('fails a row with a NUL byte, text that is not UTF-8 or more cells than the header, with its reason; the rest import', async () => {
      const latin1 = Buffer.from('latin@bytes.test,M\xfcller,Acme,de,,\n', 'latin1');
      const file = Buffer.concat([
        Buffer.from(
          [
            HEADER,
            'fine@bytes.test,Fine,Acme,de,,',
            'nul@bytes.test,Nul\u0000Name,Acme,de,,',
            'nulnote@bytes.test,Note,Acme,de,,unmapped\u0000note',
            'wide@bytes.test,Wide,Acme,de,,,extra,cells',
            '',
          ].join('\n'),
        ),
        latin1,
      ]);
      const done = await imported(await upMapped(file));
      expect(done.rows).toEqual({ total: 5, done: 5, created: 2, updated: 0, skipped: 0, failed: 3 });
      const emails = await marketing.sql<{ email: string }>(
        `SELECT email FROM lead WHERE email LIKE '%@bytes.test' AND email NOT LIKE 'bom%' ORDER BY email`,
      );
      expect(emails.map((r) => r.email)).toEqual(['fine@bytes.test', 'nulnote@bytes.test']);

      const report = await failedRows(done);
      expect(report.map((r) => [r.line, r.reason])).toEqual([
        ['3', 'Full name holds a NUL byte'],
        ['5', 'the row has 8 cells but the header has 6: quote a cell that holds a comma'],
        ['6', 'Full name is not UTF-8 text (save the file as CSV UTF-8)'],
      ]);
      // The cells come back as they could be kept: the NUL byte as U+FFFD.
      expect(report[0]!['Full name']).toBe('Nul\uFFFDName');
    });

    it('refuses a header with a NUL byte and a quote left open 400 naming the body, writing nothing', async () => {
      const before = [await importCount(), await snapshot()];
      const nulHeader = await upMapped(`${HEADER},Bad\u0000Column\nx@bytes.test,X,,,,,\n`);
      expect(nulHeader.status).toBe(400);
      expect(await refusal(nulHeader)).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field: 'body' },
        message: expect.stringMatching(/column 7 holds a NUL byte/) as unknown,
      });
      const open = await upMapped(`${HEADER}\nopen1@bytes.test,"Open,Acme,de,,\nopen2@bytes.test,Two,Acme,de,,\n`);
      expect(open.status).toBe(400);
      expect(open.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await refusal(open)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
      expect([await importCount(), await snapshot()]).toEqual(before);
    });

    it.each(['not-an-id', '00000000-0000-4000-8000-00000000000g', "1' OR '1'='1", '%00', randomUUID()])(
      'answers a forged or unknown import id %j 404 as JSON naming the id, for progress and report',
      async (id) => {
        for (const path of [`/imports/leads/${encodeURIComponent(id)}`, `/imports/leads/${encodeURIComponent(id)}/failed-rows.csv`]) {
          const res = await get(path);
          expect(res.status).toBe(404);
          expect(res.headers.get('content-type')).toMatch(/^application\/json/);
          expect((await refusal(res)).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
        }
      },
    );
  });

  describe('progress in the graph', () => {
    const IMPORT = `query($id: ID!) { leadImport(id: $id) { id status onDuplicate rows { total done created updated skipped failed } createdById failedRowsUrl } }`;
    const marketer: Caller = { roles: ['marketing'], userId: '00000000-0000-4000-a000-00000000a1a1' };
    const mine: string[] = [];

    itPagesWithCursors({
      gql: () => marketing.gqlAs(marketer),
      field: 'leadImports',
      label: 'id',
      seed: async () => {
        const made: ImportView[] = [];
        for (const n of [1, 2, 3]) {
          const res = await upload(`${HEADER}\npaged${n}@paged.test,Paged ${n},,,,\n`, { mapping: JSON.stringify(MAPPING) }, marketer);
          expect(res.status).toBe(202);
          made.push((await res.json()) as ImportView);
        }
        // Newest first, ties by id: what the list promises.
        mine.push(...made.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id)).map((v) => v.id));
      },
      orders: { CREATED_AT_DESC: mine },
    });

    it("answers the same job as GET /imports/leads/<id>, as it runs; another user's list leaves it out", async () => {
      const res = await upload(`${HEADER}\nfollowed@graph.test,Followed,,de,,\nnot-an-email,Bad,,,,\n`, {
        mapping: JSON.stringify(MAPPING),
      });
      const { id } = (await res.json()) as ImportView;
      const view = async () =>
        (await marketing.gql<{ leadImport: Record<string, unknown> }>(IMPORT, { id: id.toUpperCase() })).data!.leadImport;
      expect(await view()).toEqual({
        id,
        status: 'RUNNING',
        onDuplicate: 'SKIP',
        rows: { total: 2, done: 1, created: 0, updated: 0, skipped: 0, failed: 1 },
        createdById: ADMIN.userId,
        failedRowsUrl: `/imports/leads/${id}/failed-rows.csv`,
      });
      await runToEnd();
      const done = await view();
      expect(done).toMatchObject({ status: 'COMPLETED', rows: { total: 2, done: 2, created: 1, failed: 1 } });
      expect(done.rows).toEqual((await progress(id)).rows);

      // The list is the caller's own: the marketer's three, never the admin's.
      const theirs = await marketing.gqlAs(marketer)<{ leadImports: { edges: { node: { id: string } }[] } }>(
        `{ leadImports(first: 50) { edges { node { id } } } }`,
      );
      expect(theirs.data!.leadImports.edges.map((e) => e.node.id)).toEqual(mine);
    });

    it('answers null for no such import, BAD_USER_INPUT on id for a bad one, and FORBIDDEN to a partner', async () => {
      expect((await marketing.gql(IMPORT, { id: '00000000-0000-4000-8000-000000000000' })).data).toEqual({ leadImport: null });
      expect((await marketing.gql(IMPORT, { id: '../1' })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      const partner = await marketing.gqlAs(asPartner('00000000-0000-4000-8000-0000000000a1'))(IMPORT, { id: mine[0] });
      expect(partner.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(partner.data).toEqual({ leadImport: null });
    });
  });
});
