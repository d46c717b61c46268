import { randomUUID } from 'node:crypto';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { ADMIN, asPartner, csvImportClient, testToken, type CsvImportView } from '@crm/testing';
import { SalesImportJob } from '../src/imports/csv-import.job';
import { CustomerImportService } from '../src/imports/customer-import.service';
import { salesSubgraph } from '../src/sales.subgraph';

const HEADER = 'Company,Web,Sector,Tier,Country,Account owner,Notes';
const MAPPING = { Company: 'NAME', Web: 'domain', Sector: 'INDUSTRY', Tier: 'TIER', Country: 'COUNTRY', 'Account owner': 'OWNER' };
const SALES_EVENTS = `('crm.sales.customer.created.v1', 'crm.sales.customer.updated.v2')`;

/**
 * Customer CSV imports as a client reaches sales (the gateway passes the caller's token on). The
 * job does not run by itself here (IMPORT_ENABLED=false): each test applies the rows when it means
 * to, so progress and resumption are seen batch by batch.
 */
describe('customer CSV import', () => {
  const sales = useTestSubgraph(salesSubgraph, { env: { IMPORT_ENABLED: 'false', IMPORT_BATCH_SIZE: '50' } });
  let base: string;

  const { upload, get, progress, refusal, failedRows } = csvImportClient(() => base, 'customers');
  const runToEnd = () => sales.app.get(SalesImportJob).runOnce();
  const importCount = async () => (await sales.count('customer_import')) + (await sales.count('customer_import_row'));
  /** What an import may have written under a domain suffix. */
  const snapshot = (domain: string) =>
    Promise.all([
      sales.sql(
        `SELECT id, name, domain, industry, tier, country, owner_id, updated_at FROM customer WHERE domain LIKE $1 ORDER BY domain`,
        [`%${domain}`],
      ),
      sales.sql(`SELECT count(*)::int AS n FROM outbox WHERE type IN ${SALES_EVENTS}`),
    ]);

  beforeAll(async () => {
    base = sales.url.replace(/\/graphql$/, '');
  });
  it('imports a file batch by batch with progress and events, reports failed rows with reasons, and a second run changes nothing', async () => {
    const domain = `import-${Date.now().toString(36)}.test`;
    const owner = randomUUID();
    await sales.sql(`INSERT INTO app_user (id, name, email) VALUES ($1, 'Owner', $2)`, [owner, `owner@${domain}`]);
    const existing: string[] = [];
    for (let i = 0; i < 10; i++) {
      const c = await sales.ctx.newCustomer({ name: `Known ${i}`, domain: `known${i}.${domain}` });
      existing.push(c.id);
    }
    // Five of them already hold what the file says: nothing to change there.
    await sales.sql(`UPDATE customer SET industry = 'Retail', tier = 3 WHERE id = ANY($1::uuid[])`, [existing.slice(0, 5)]);

    const lines = [HEADER];
    for (let i = 0; i < 250; i++)
      lines.push(`Acme ${i},ACME${i}.${domain},Software,${(i % 5) + 1},de,${i % 2 ? `owner@${domain}` : owner},note`);
    for (let i = 0; i < 10; i++) lines.push(`Bad ${i},not a domain ${i},Software,1,de,,`);
    for (let i = 0; i < 5; i++) lines.push(`Bad tier ${i},badtier${i}.${domain},Software,9,de,,`);
    for (let i = 0; i < 5; i++) lines.push(`No owner ${i},noowner${i}.${domain},Software,1,de,nobody@${domain},`);
    for (let i = 0; i < 10; i++) lines.push(`Again ${i},acme${i}.${domain},Hardware,1,fr,,`);
    for (let i = 0; i < 10; i++) lines.push(`Known ${i},known${i}.${domain},Retail,3,,,`);
    const csv = `${lines.join('\n')}\n`;

    const res = await upload(csv, { mapping: JSON.stringify(MAPPING), onDuplicate: 'UPDATE' });
    expect(res.status).toBe(202);
    const staged = (await res.json()) as CsvImportView;
    expect(res.headers.get('location')).toBe(`/imports/customers/${staged.id}`);
    // Bad rows and repeats are settled while the file is read; the rest wait for the job.
    expect(staged).toMatchObject({ status: 'RUNNING', rows: { total: 290, done: 30, created: 0, skipped: 10, failed: 20 } });

    // One batch, then the rest: what a restart in between would resume from.
    await sales.app.get(CustomerImportService).imports.applyNextBatch();
    expect((await progress(staged.id)).rows).toMatchObject({ done: 80, created: 50 });
    await runToEnd();
    const done = await progress(staged.id);
    expect(done).toMatchObject({
      status: 'COMPLETED',
      done: true,
      rows: { total: 290, done: 290, created: 250, updated: 5, skipped: 15, failed: 20 },
    });

    const rows = await sales.sql<{ name: string; domain: string; industry: string; tier: number; country: string; owner_id: string }>(
      `SELECT name, domain, industry, tier, country, owner_id FROM customer WHERE domain LIKE $1 ORDER BY domain`,
      [`%.${domain}`],
    );
    expect(rows).toHaveLength(260);
    expect(rows.find((c) => c.domain === `acme7.${domain}`)).toEqual({
      name: 'Acme 7',
      domain: `acme7.${domain}`,
      industry: 'Software',
      tier: 3,
      country: 'DE',
      owner_id: owner,
    });
    expect(rows.find((c) => c.domain === `known9.${domain}`)).toMatchObject({ industry: 'Retail', tier: 3 });
    const events = await sales.sql<{ type: string; n: number }>(
      `SELECT o.type, count(*)::int AS n FROM outbox o JOIN customer c ON c.id = (o.data->>'customerId')::uuid
       WHERE c.domain LIKE $1 AND o.type IN ${SALES_EVENTS} GROUP BY o.type ORDER BY o.type`,
      [`%.${domain}`],
    );
    // The ten known customers were created by the test (10), the file created 250 and updated 5.
    expect(events).toEqual([
      { type: 'crm.sales.customer.created.v1', n: 260 },
      { type: 'crm.sales.customer.updated.v2', n: 5 },
    ]);
    const [change] = await sales.sql<{ changes: unknown }>(
      `SELECT data->'changes' AS changes FROM outbox WHERE type = 'crm.sales.customer.updated.v2' AND data->>'customerId' = $1`,
      [existing[9]],
    );
    expect(change!.changes).toEqual([
      { field: 'industry', old: null, new: 'Retail' },
      { field: 'tier', old: null, new: 3 },
    ]);

    const failed = await failedRows(done);
    expect(failed).toHaveLength(20);
    expect(failed[0]).toEqual({
      line: '252',
      reason: 'Web must be a domain name such as acme.com',
      Company: 'Bad 0',
      Web: 'not a domain 0',
      Sector: 'Software',
      Tier: '1',
      Country: 'de',
      'Account owner': '',
      Notes: '',
    });
    expect(failed[10]).toMatchObject({ line: '262', reason: 'Tier must be an integer from 1 to 5' });
    expect(failed[15]).toMatchObject({ line: '267', reason: `Account owner names no user: none has the email nobody@${domain}` });

    const before = await snapshot(domain);
    const again = (await (await upload(csv, { mapping: JSON.stringify(MAPPING), onDuplicate: 'UPDATE' })).json()) as CsvImportView;
    await runToEnd();
    expect((await progress(again.id)).rows).toEqual({ total: 290, done: 290, created: 0, updated: 0, skipped: 270, failed: 20 });
    expect(await snapshot(domain)).toEqual(before);
  });

  it('skips customers that exist when told to', async () => {
    const domain = `skip-${Date.now().toString(36)}.test`;
    await sales.ctx.newCustomer({ name: 'Old name', domain });
    const csv = `${HEADER}\nNew name,${domain},Software,1,de,,\n`;
    const before = await snapshot(domain);
    const skipped = (await (await upload(csv, { mapping: JSON.stringify(MAPPING), onDuplicate: 'SKIP' })).json()) as CsvImportView;
    await runToEnd();
    expect((await progress(skipped.id)).rows).toMatchObject({ created: 0, updated: 0, skipped: 1 });
    expect(await snapshot(domain)).toEqual(before);
  });

  it.each([
    [
      'a column the file does not have',
      { ...MAPPING, Website: 'DOMAIN', Web: 'INDUSTRY', Sector: 'REGION' },
      'mapping.Website',
      'is not in the file',
    ],
    ['a target that is no customer attribute', { ...MAPPING, Notes: 'SHOE_SIZE' }, 'mapping.Notes', 'SHOE_SIZE'],
    ['two columns to one attribute', { ...MAPPING, Notes: 'NAME' }, 'mapping.Notes', 'both map to NAME'],
    ['no domain column', { Company: 'NAME' }, 'mapping', 'DOMAIN'],
  ])('refuses a mapping with %s 400, naming the column, and writes nothing', async (_what, mapping, field, words) => {
    const before = await importCount();
    const res = await upload(`${HEADER}\nA,a.test,B,1,de,,\n`, { mapping: JSON.stringify(mapping) });
    expect(res.status).toBe(400);
    const e = await refusal(res);
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(e.message).toContain(words);
    expect(await importCount()).toBe(before);
  });

  it('refuses a 50 MB upload 413 as JSON and writes nothing', async () => {
    const before = await importCount();
    const big = Buffer.alloc(50 * 1024 * 1024 + 1, 'a');
    const tooBig = await upload(big, { mapping: JSON.stringify(MAPPING) });
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await refusal(tooBig)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    expect(await importCount()).toBe(before);
  });

  it('fails a row with a NUL byte, text that is not UTF-8 or more cells than the header, naming its column; the rest import', async () => {
    const domain = `bytes-${Date.now().toString(36)}.test`;
    const file = Buffer.concat([
      Buffer.from(
        [
          HEADER,
          `Nul\u0000 Inc,nul.${domain},Software,1,de,,`,
          `Fine Inc,fine.${domain},Software,1,de,,`,
          `Note Inc,note.${domain},Software,1,de,,unmapped\u0000note`,
          `Wide Inc,wide.${domain},Software,1,de,,,extra`,
          '',
        ].join('\n'),
      ),
      Buffer.from(`Caf\xe9 GmbH,cafe.${domain},Food,1,de,,\n`, 'latin1'),
    ]);
    const res = await upload(file, { mapping: JSON.stringify(MAPPING) });
    expect(res.status).toBe(202);
    const staged = (await res.json()) as CsvImportView;
    await runToEnd();
    expect((await progress(staged.id)).rows).toMatchObject({ total: 5, created: 2, failed: 3 });
    expect(
      (await sales.sql<{ domain: string }>(`SELECT domain FROM customer WHERE domain LIKE $1 ORDER BY domain`, [`%${domain}`])).map(
        (r) => r.domain,
      ),
    ).toEqual([`fine.${domain}`, `note.${domain}`]);
    const failed = await failedRows(staged);
    expect(failed.map((r) => [r.line, r.reason])).toEqual([
      ['2', 'Company holds a NUL byte'],
      ['5', 'the row has 8 cells but the header has 7: quote a cell that holds a comma'],
      ['6', 'Company is not UTF-8 text (save the file as CSV UTF-8)'],
    ]);
    // The cells come back as they could be kept: the NUL byte as U+FFFD.
    expect(failed[0]!.Company).toBe('Nul\ufffd Inc');
  });

  it('answers a forged or malformed import id 404 as JSON, and callers who may not import 401 or 403', async () => {
    for (const path of [
      `/imports/customers/${randomUUID()}`,
      `/imports/customers/${randomUUID()}/failed-rows.csv`,
      '/imports/customers/x',
    ]) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect((await refusal(res)).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    }
    const before = await importCount();
    expect((await upload(`${HEADER}\n`, { mapping: JSON.stringify(MAPPING) }, null)).status).toBe(401);
    expect((await upload(`${HEADER}\n`, { mapping: JSON.stringify(MAPPING) }, asPartner(randomUUID()))).status).toBe(403);
    expect((await upload('{}', { mapping: JSON.stringify(MAPPING) }, ADMIN, 'application/json')).status).toBe(415);
    const badChoice = await upload(`${HEADER}\n`, { mapping: JSON.stringify(MAPPING), onDuplicate: 'MERGE' });
    expect((await refusal(badChoice)).extensions).toMatchObject({ field: 'onDuplicate' });
    expect(await importCount()).toBe(before);
  });

  describe('contacts', () => {
    const CONTACT_HEADER = 'First,Last,E-mail,Mobile,Job title,Account,Opted out';
    const CONTACT_MAPPING = {
      First: 'FIRST_NAME',
      Last: 'LAST_NAME',
      'E-mail': 'EMAIL',
      Mobile: 'PHONE',
      'Job title': 'TITLE',
      Account: 'CUSTOMER',
    };
    const uploadContacts = async (csv: string, query: Record<string, string>) =>
      fetch(`${base}/imports/contacts?${new URLSearchParams(query).toString()}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${await testToken(ADMIN)}` },
        body: csv,
      });
    const contactProgress = async (id: string) => (await (await get(`/imports/contacts/${id}`)).json()) as CsvImportView;
    const contactSnapshot = (domain: string) =>
      Promise.all([
        sales.sql(
          `SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.title, c.customer_id, c.updated_at FROM contact c
           WHERE c.email LIKE $1 ORDER BY c.email`,
          [`%@${domain}`],
        ),
        sales.sql(`SELECT count(*)::int AS n FROM outbox WHERE type IN ('crm.sales.contact.added.v1', 'crm.sales.contact.updated.v2')`),
      ]);

    it('imports contacts to customers named by domain or id, matches by email, reports failed rows, and a second run changes nothing', async () => {
      const domain = `contacts-${Date.now().toString(36)}.test`;
      const acme = await sales.ctx.newCustomer({ name: 'Acme', domain: `acme.${domain}` });
      const globex = await sales.ctx.newCustomer({ name: 'Globex', domain: `globex.${domain}` });
      const known = await sales.ctx.newContact({ customerId: acme.id, firstName: 'Known', lastName: 'Person', email: `known@${domain}` });
      const lines = [CONTACT_HEADER];
      for (let i = 0; i < 100; i++)
        lines.push(`P${i},Person,P${i}@${domain},+49 30 ${1000 + i},Buyer,${i % 2 ? `ACME.${domain}` : globex.id},yes`);
      lines.push(`Bad,Email,not-an-email,,,acme.${domain},`);
      lines.push(`No,Account,nocustomer@${domain},,,nowhere.${domain},`);
      lines.push(`Again,Person,p1@${domain},,,acme.${domain},`);
      lines.push(`Known,Renamed,KNOWN@${domain},+49 30 999,CTO,acme.${domain},yes`);
      const csv = `${lines.join('\n')}\n`;

      const staged = (await (
        await uploadContacts(csv, { mapping: JSON.stringify(CONTACT_MAPPING), onDuplicate: 'UPDATE' })
      ).json()) as CsvImportView;
      await runToEnd();
      const done = await contactProgress(staged.id);
      expect(done).toMatchObject({ status: 'COMPLETED', rows: { total: 104, done: 104, created: 100, updated: 1, skipped: 1, failed: 2 } });
      const [p1] = await sales.sql(`SELECT first_name, email, phone, title, customer_id FROM contact WHERE email = $1`, [`p1@${domain}`]);
      expect(p1).toEqual({ first_name: 'P1', email: `p1@${domain}`, phone: '+49 30 1001', title: 'Buyer', customer_id: acme.id });
      const [renamed] = await sales.sql(`SELECT last_name, phone, title, customer_id FROM contact WHERE id = $1`, [known.id]);
      expect(renamed).toEqual({ last_name: 'Renamed', phone: '+49 30 999', title: 'CTO', customer_id: acme.id });
      const failed = await failedRows(done);
      expect(failed.map((f) => [f.line, f.reason])).toEqual([
        ['102', 'E-mail must be an email address'],
        ['103', `Account names no customer: none has the domain nowhere.${domain}`],
      ]);
      const [added] = await sales.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox WHERE type = 'crm.sales.contact.added.v1' AND data->>'email' LIKE $1`,
        [`%@${domain}`],
      );
      expect(added!.n).toBe(101);

      const before = await contactSnapshot(domain);
      const again = (await (
        await uploadContacts(csv, { mapping: JSON.stringify(CONTACT_MAPPING), onDuplicate: 'UPDATE' })
      ).json()) as CsvImportView;
      await runToEnd();
      expect((await contactProgress(again.id)).rows).toEqual({ total: 104, done: 104, created: 0, updated: 0, skipped: 102, failed: 2 });
      expect(await contactSnapshot(domain)).toEqual(before);
    });

    it.each([
      ['consent', { ...CONTACT_MAPPING, 'Opted out': 'consent' }, 'mapping.Opted out', 'never records or changes consent'],
      ['unsubscribes', { ...CONTACT_MAPPING, 'Opted out': 'UNSUBSCRIBED' }, 'mapping.Opted out', 'never records or changes consent'],
      ['no customer column', { First: 'FIRST_NAME', Last: 'LAST_NAME', 'E-mail': 'EMAIL' }, 'mapping', 'CUSTOMER'],
    ])('refuses a mapping with %s 400, naming the column', async (_what, mapping, field, words) => {
      const res = await uploadContacts(`${CONTACT_HEADER}\n`, { mapping: JSON.stringify(mapping) });
      expect(res.status).toBe(400);
      const e = await refusal(res);
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(e.message).toContain(words);
    });
  });
});
