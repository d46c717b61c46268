import { ADMIN, asPartner, testToken, type Caller } from '@crm/testing';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { parse } from 'csv-parse/sync';
import { EXPORT_PAGE_SIZE } from '../src/exports/customer-export.service';
import { salesSubgraph } from '../src/sales.subgraph';

describe('CSV export of customers', () => {
  const sales = useTestSubgraph(salesSubgraph);
  let base: string;
  const tag = `export-${Date.now().toString(36)}`;

  const get = async (query: Record<string, string> | string, as: Caller = ADMIN) => {
    const qs = typeof query === 'string' ? query : new URLSearchParams(query).toString();
    const headers: Record<string, string> = as ? { authorization: `Bearer ${await testToken(as)}` } : {};
    return fetch(`${base}/exports/customers.csv?${qs}`, { headers });
  };
  const rowsOf = async (res: Response) => parse<Record<string, string>>(await res.text(), { columns: true });
  const refusal = async (res: Response) =>
    ((await res.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] }).errors[0]!;

  beforeAll(async () => {
    base = sales.url.replace(/\/graphql$/, '');
    // More than a page, so the export has to follow its cursor; the names sort them in a known order.
    for (let i = 0; i < EXPORT_PAGE_SIZE + 5; i++)
      await sales.ctx.newCustomer({ name: `Export ${String(i).padStart(3, '0')}`, tags: [tag], industry: 'Software', tier: 2 });
    // A name a spreadsheet would run as a formula, and one with the CSV's own delimiters in it.
    await sales.ctx.newCustomer({ name: '=HYPERLINK("http://evil.test","x")', tags: [tag] });
    await sales.ctx.newCustomer({ name: 'Quote "and", comma\nnewline', tags: [tag] });
    await sales.ctx.newCustomer({ name: 'Outside the filter' });
  });

  it('streams every customer the filter keeps, across pages, in the order asked for, as a download', async () => {
    const res = await get({ filter: JSON.stringify({ tag, industry: 'software' }), sort: 'NAME_ASC' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="customers.csv"');
    const rows = await rowsOf(res);
    expect(rows.map((r) => r.name)).toEqual(Array.from({ length: EXPORT_PAGE_SIZE + 5 }, (_, i) => `Export ${String(i).padStart(3, '0')}`));
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows[0]).toMatchObject({ industry: 'Software', tier: '2', tags: tag, kind: 'COMPANY' });
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['id', 'name', 'owner_id', 'created_at', 'country']));
  });

  it('writes a formula as text and keeps delimiters inside their cell', async () => {
    const rows = await rowsOf(await get({ filter: JSON.stringify({ tag, nameContains: 'e' }), sort: 'NAME_ASC' }));
    const names = rows.map((r) => r.name);
    expect(names).toContain(`'=HYPERLINK("http://evil.test","x")`);
    expect(names).toContain('Quote "and", comma\nnewline');
    expect(names).not.toContain('Outside the filter');
  });

  it('answers an empty list with the header alone', async () => {
    const res = await get({ filter: JSON.stringify({ tag: 'no-such-tag' }) });
    expect(res.status).toBe(200);
    expect((await res.text()).trim().split('\n')).toHaveLength(1);
  });

  it('streams the contacts of the customers the filter keeps, with their customer, emails and phones', async () => {
    const contactTag = `${tag}-contacts`;
    const kept = await sales.ctx.newCustomer({ name: 'Kept Co', domain: `kept.${contactTag}.test`, tags: [contactTag] });
    const other = await sales.ctx.newCustomer({ name: 'Other Co', tags: [contactTag, 'other'] });
    await sales.ctx.newCustomer({ name: 'Outside Co' }).then((c) => sales.ctx.newContact({ customerId: c.id, firstName: 'Outside' }));
    await sales.ctx.newContact({
      customerId: kept.id,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: null,
      emails: [
        { address: 'ada@kept.test', type: 'WORK', primary: true },
        { address: 'ada@home.test', type: 'HOME', primary: false },
      ],
      phones: [{ number: '+44 20 1234', type: 'MOBILE', primary: true }],
    });
    await sales.ctx.newContact({ customerId: other.id, firstName: 'Bob', lastName: '=1+1' });
    const res = await fetch(
      `${base}/exports/contacts.csv?${new URLSearchParams({ filter: JSON.stringify({ tag: contactTag }) }).toString()}`,
      {
        headers: { authorization: `Bearer ${await testToken(ADMIN)}` },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="contacts.csv"');
    const rows = await rowsOf(res);
    expect(rows.map((r) => r.first_name).sort()).toEqual(['Ada', 'Bob']);
    expect(rows.find((r) => r.first_name === 'Ada')).toMatchObject({
      customer_id: kept.id,
      customer_name: 'Kept Co',
      customer_domain: `kept.${contactTag}.test`,
      email: 'ada@kept.test',
      emails: 'ada@kept.test;ada@home.test',
      // A leading + is a formula to a spreadsheet: written as text, as every cell of the exports is.
      phone: "'+44 20 1234",
    });
    expect(rows.find((r) => r.first_name === 'Bob')!.last_name).toBe("'=1+1");
  });

  it('refuses a caller without a token 401, and a partner 403, as JSON', async () => {
    const anonymous = await get({}, null);
    expect(anonymous.status).toBe(401);
    expect((await refusal(anonymous)).extensions.code).toBe('UNAUTHENTICATED');
    const partner = await get({}, asPartner('a0000000-0000-4000-8000-000000000001'));
    expect(partner.status).toBe(403);
    expect((await refusal(partner)).extensions.code).toBe('FORBIDDEN');
  });

  it.each([
    ['filter that is not JSON', 'filter=%7Bnope', 'filter'],
    ['filter that is a list', `filter=${encodeURIComponent('[1]')}`, 'filter'],
    ['filter field that breaks the graph’s rule', `filter=${encodeURIComponent(JSON.stringify({ tier: 0 }))}`, 'tier'],
    ['filter with a NUL', `filter=${encodeURIComponent(JSON.stringify({ nameContains: 'a\u0000b' }))}`, 'nameContains'],
    ['sort that does not exist', 'sort=SHOE_SIZE', 'sort'],
    ['sort given twice', 'sort=NAME_ASC&sort=NAME_DESC', 'sort'],
  ])('refuses a %s 400, naming the parameter', async (_, query, field) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const error = await refusal(res);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(String(error.extensions.field)).toContain(field);
  });
});
