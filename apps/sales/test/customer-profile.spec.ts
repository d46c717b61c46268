import { CustomerUpdatedV2 } from '@crm/contracts';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { ADMIN } from '@crm/testing';
import { salesSubgraph } from '../src/sales.subgraph';

interface Node {
  id: string;
  name: string;
}

describe('sales customer profile and search', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const { gql } = sales;
  const PROFILE = 'id name kind industry size website lifecycleStage';
  const create = async (i: Record<string, unknown>) => {
    const res = await gql<{ createCustomer: Record<string, unknown> & { id: string } }>(
      `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { ${PROFILE} } }`,
      { i },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.createCustomer;
  };
  const list = async (args: { filter?: Record<string, unknown>; sort?: string; first?: number; after?: string }) => {
    const res = await gql<{ customers: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
      `query($f: CustomerFilter, $s: CustomerSort, $first: Int, $after: String) {
        customers(filter: $f, sort: $s, first: $first, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } }
      }`,
      { f: args.filter, s: args.sort, first: args.first, after: args.after },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.customers;
  };
  /** Every page of a sorted list, 2 at a time, so the keyset cursors are exercised. */
  const allPages = async (filter: Record<string, unknown>, sort: string): Promise<string[]> => {
    const names: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await list({ filter, sort, first: 2, after });
      names.push(...page.edges.map((e) => e.node.name));
      if (!page.pageInfo.hasNextPage) return names;
      after = page.pageInfo.endCursor!;
    }
  };

  it('keeps kind, industry, size, website and lifecycle stage, with defaults, and updates and clears them', async () => {
    const plain = await create({ name: 'Plain Ltd' });
    expect(plain).toMatchObject({ kind: 'COMPANY', industry: null, size: null, website: null, lifecycleStage: 'PROSPECT' });

    const full = await create({
      name: 'Jane Doe',
      kind: 'PERSON',
      industry: ' Retail ',
      size: 'MICRO',
      website: 'https://jane.example/shop',
      lifecycleStage: 'LEAD',
    });
    expect(full).toMatchObject({
      kind: 'PERSON',
      industry: 'Retail',
      size: 'MICRO',
      website: 'https://jane.example/shop',
      lifecycleStage: 'LEAD',
    });

    const before = await sales.count('outbox');
    const updated = await gql<{ updateCustomer: Record<string, unknown> }>(
      `mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { ${PROFILE} } }`,
      { i: { id: full.id, kind: 'COMPANY', industry: null, size: 'LARGE', website: null, lifecycleStage: 'CUSTOMER' } },
    );
    expect(updated.data!.updateCustomer).toMatchObject({
      kind: 'COMPANY',
      industry: null,
      size: 'LARGE',
      website: null,
      lifecycleStage: 'CUSTOMER',
    });
    const [event] = await sales.sql<{ type: string; data: unknown }>('SELECT type, data FROM outbox ORDER BY seq DESC LIMIT 1');
    expect(await sales.count('outbox')).toBe(before + 1);
    // Each change with its old and new value, who made it, and the customer as it is now.
    expect(event).toEqual({
      type: CustomerUpdatedV2.type,
      data: {
        customerId: full.id,
        changes: [
          { field: 'kind', old: 'PERSON', new: 'COMPANY' },
          { field: 'industry', old: 'Retail', new: null },
          { field: 'size', old: 'MICRO', new: 'LARGE' },
          { field: 'website', old: 'https://jane.example/shop', new: null },
          { field: 'lifecycleStage', old: 'LEAD', new: 'CUSTOMER' },
        ],
        customer: expect.objectContaining({ kind: 'COMPANY', industry: null, size: 'LARGE', lifecycleStage: 'CUSTOMER', tier: null }),
        updatedBy: ADMIN.userId,
        updatedAt: expect.any(String),
      },
    });
  });

  it.each([
    ['a website that is not an http(s) URL', { name: 'Bad', website: 'ftp://x.example' }, 'website'],
    ['a website without a scheme', { name: 'Bad', website: 'x.example' }, 'website'],
    ['an unknown size', { name: 'Bad', size: 'HUGE' }, 'size'],
    ['an unknown lifecycle stage', { name: 'Bad', lifecycleStage: 'FRIEND' }, 'lifecycleStage'],
    ['an empty industry', { name: 'Bad', industry: '  ' }, 'industry'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, i, field) => {
    const before = [await sales.count('customer'), await sales.count('outbox')];
    const res = await gql('mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', { i });
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect([await sales.count('customer'), await sales.count('outbox')]).toEqual(before);
  });

  it('filters on industry, sizes and lifecycle stages, and sorts and pages on them', async () => {
    const tag = 'profile-sort';
    await create({ name: 'S1 Zeta', industry: 'software', size: 'SMALL', lifecycleStage: 'CUSTOMER', tags: [tag] });
    await create({ name: 'S2 Alpha', industry: 'Banking', size: 'ENTERPRISE', lifecycleStage: 'LEAD', tags: [tag] });
    await create({ name: 'S3 Mid', industry: 'Software', size: 'MEDIUM', lifecycleStage: 'CHURNED', tags: [tag] });
    await create({ name: 'S4 None', tags: [tag] });
    await create({ name: 'S5 Beta', industry: 'Agriculture', size: 'SMALL', lifecycleStage: 'PROSPECT', tags: [tag] });

    const names = async (filter: Record<string, unknown>) =>
      (await list({ filter: { tag, ...filter }, sort: 'NAME_ASC' })).edges.map((e) => e.node.name);
    expect(await names({ industry: 'SOFTWARE' })).toEqual(['S1 Zeta', 'S3 Mid']);
    expect(await names({ sizes: ['SMALL', 'ENTERPRISE'] })).toEqual(['S1 Zeta', 'S2 Alpha', 'S5 Beta']);
    expect(await names({ lifecycleStages: ['LEAD', 'CHURNED'] })).toEqual(['S2 Alpha', 'S3 Mid']);

    // Ties on the key are broken by id, which is random: compare sets within a tie.
    const industry = await allPages({ tag }, 'INDUSTRY_ASC');
    expect(industry[0]).toBe('S5 Beta');
    expect(industry[1]).toBe('S2 Alpha');
    expect(industry.slice(2, 4).sort()).toEqual(['S1 Zeta', 'S3 Mid']);
    expect(industry[4]).toBe('S4 None');

    const size = await allPages({ tag }, 'SIZE_DESC');
    expect(size.slice(0, 2)).toEqual(['S2 Alpha', 'S3 Mid']);
    expect(size.slice(2, 4).sort()).toEqual(['S1 Zeta', 'S5 Beta']);
    expect(size[4]).toBe('S4 None');

    const stage = await allPages({ tag }, 'LIFECYCLE_STAGE_ASC');
    expect(stage[0]).toBe('S2 Alpha');
    expect(stage.slice(1, 3).sort()).toEqual(['S4 None', 'S5 Beta']);
    expect(stage.slice(3)).toEqual(['S1 Zeta', 'S3 Mid']);

    const updatedFirst = await allPages({ tag }, 'UPDATED_AT_DESC');
    expect(updatedFirst).toEqual(['S5 Beta', 'S4 None', 'S3 Mid', 'S2 Alpha', 'S1 Zeta']);
  });

  it('searches by part of a name, a misspelt name, a domain and any contact email, best match first', async () => {
    const globex = await create({ name: 'Globex Corporation', domain: 'globex-search.example' });
    const initech = await create({ name: 'Initech Search Holdings', domain: 'initech-search.example' });
    const hooli = await create({ name: 'Hooli' });
    const res = await gql('mutation($i: AddContactInput!) { addContact(input: $i) { id } }', {
      i: {
        customerId: hooli.id,
        firstName: 'Gavin',
        lastName: 'Belson',
        emails: [
          { address: 'gavin@hooli.example', type: 'WORK' },
          { address: 'g.belson@privatemail-search.example', type: 'HOME' },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    const search = async (query: string) => {
      const r = await gql<{ searchCustomers: { customer: { id: string }; score: number; matchedOn: string[] }[] }>(
        'query($q: String!) { searchCustomers(query: $q) { customer { id } score matchedOn } }',
        { q: query },
      );
      expect(r.errors).toBeUndefined();
      return r.data!.searchCustomers.map((h) => [h.customer.id, h.matchedOn]);
    };
    expect(await search('globex')).toEqual([[globex.id, ['NAME', 'DOMAIN']]]);
    expect(await search('Globx Corporation')).toEqual([[globex.id, ['NAME']]]);
    // The whole domain is also close enough to the name to count as a (fuzzy) name match.
    expect(await search('initech-search.example')).toEqual([[initech.id, expect.arrayContaining(['DOMAIN'])]]);
    expect(await search('privatemail-search')).toEqual([[hooli.id, ['CONTACT_EMAIL']]]);
    expect(await search('100%_')).toEqual([]);

    // The search uses the trigram indexes the migration created, on the pg_trgm extension.
    const [ext] = await sales.sql<{ extname: string }>(`SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'`);
    expect(ext).toEqual({ extname: 'pg_trgm' });
    const indexes = await sales.sql<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%gin_trgm_ops%' ORDER BY indexname`,
    );
    expect(indexes.map((i) => i.indexname)).toEqual([
      'contact_email_address_trgm_idx',
      'customer_domain_trgm_idx',
      'customer_name_trgm_idx',
    ]);

    // On a table of realistic size the planner answers each search predicate from its trigram index, not a scan.
    await sales.sql(`INSERT INTO customer (id, name, domain) SELECT gen_random_uuid(), 'Filler ' || md5(g::text), 'f' || g || '.example'
      FROM generate_series(1, 5000) g`);
    await sales.sql(`INSERT INTO contact (id, customer_id, first_name, last_name) SELECT gen_random_uuid(), id, 'F', 'F' FROM customer`);
    await sales.sql(`INSERT INTO contact_email (contact_id, address, type, is_primary, position)
      SELECT id, md5(id::text) || '@filler.example', 'WORK', true, 0 FROM contact WHERE first_name = 'F'`);
    await sales.sql('VACUUM ANALYZE customer');
    await sales.sql('VACUUM ANALYZE contact_email');
    const plan = async (sql: string): Promise<string> =>
      (await sales.sql<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`)).map((r) => r['QUERY PLAN']).join('\n');
    expect(await plan(`SELECT id FROM customer WHERE name ILIKE '%globex%'`)).toContain('customer_name_trgm_idx');
    expect(await plan(`SELECT id FROM customer WHERE name % 'globx corp'`)).toContain('customer_name_trgm_idx');
    expect(await plan(`SELECT id FROM customer WHERE domain ILIKE '%globex%'`)).toContain('customer_domain_trgm_idx');
    expect(await plan(`SELECT contact_id FROM contact_email WHERE address ILIKE '%privatemail%'`)).toContain(
      'contact_email_address_trgm_idx',
    );
    expect(await search('privatemail-search')).toEqual([[hooli.id, ['CONTACT_EMAIL']]]);

    const bad = await gql('query { searchCustomers(query: " x ") { score } }');
    expect(bad.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'query' });
  });
});
