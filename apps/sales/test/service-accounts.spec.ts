import { itPagesWithCursors } from '@crm/testing';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi, MISSING_ID } from './deals.test-helper';

const ACCOUNT = 'id name roles createdBy createdAt apiKeys { id prefix lastUsedAt revokedAt }';

interface Account {
  id: string;
  name: string;
  roles: string[];
  apiKeys: { id: string; prefix: string; lastUsedAt: string | null; revokedAt: string | null }[];
}

describe('service accounts and their API keys', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);
  /** A refused call: one error, nothing written. */
  const refused = (call: () => Promise<{ errors?: { extensions?: Record<string, unknown>; message: string }[] }>) =>
    api.refused(['service_account', 'api_key'], call);
  const create = (i: Record<string, unknown>, gql = () => sales.gql) =>
    gql()<{ createServiceAccount: Account }>(
      `mutation($i: CreateServiceAccountInput!) { createServiceAccount(input: $i) { ${ACCOUNT} } }`,
      {
        i,
      },
    );
  const issue = (serviceAccountId: string) =>
    sales.gql<{ issueApiKey: { key: string; apiKey: { id: string; prefix: string } } }>(
      'mutation($a: ID!) { issueApiKey(serviceAccountId: $a) { key apiKey { id prefix } } }',
      { a: serviceAccountId },
    );
  const revoke = (id: string) =>
    sales.gql<{ revokeApiKey: { revokedAt: string | null } }>('mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id });
  /** The exchange's question to sales, as the gateway asks it. */
  const check = async (body: unknown) => {
    const res = await fetch(sales.url.replace(/\/graphql$/, '/api-keys/check'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json()) as Record<string, unknown> & { errors?: { message: string; extensions: Record<string, unknown> }[] },
    };
  };
  const newAccount = async (name: string, roles = ['SALES']) => {
    const res = await create({ name, roles });
    expect(res.errors).toBeUndefined();
    return res.data!.createServiceAccount;
  };

  describe('the list, a page at a time', () => {
    itPagesWithCursors({
      gql: () => sales.gql,
      field: 'serviceAccounts',
      label: 'name',
      seed: async () => {
        for (const name of ['Pager C', 'Pager A', 'Pager B']) await newAccount(name);
      },
      orders: { NAME_ASC: ['Pager A', 'Pager B', 'Pager C'] },
    });
  });

  it('creates an account with its roles, and issues a key shown once and stored only as a keyed hash', async () => {
    const account = await newAccount('ERP sync', ['SALES', 'ANALYST', 'SALES']);
    expect(account).toMatchObject({ name: 'ERP sync', roles: ['SALES', 'ANALYST'], apiKeys: [] });

    const issued = await issue(account.id);
    expect(issued.errors).toBeUndefined();
    const { key, apiKey } = issued.data!.issueApiKey;
    expect(key).toMatch(/^crmk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);

    // Neither the key nor its secret is anywhere in the row; the list shows the prefix alone.
    const [row] = await sales.sql<{ hash: Buffer }>('SELECT hash FROM api_key WHERE id = $1', [apiKey.id]);
    // The secret is base64url, which may itself hold an underscore: everything after the id.
    const secret = /^crmk_[0-9a-f]{32}_(.+)$/.exec(key)![1]!;
    expect(row!.hash).toHaveLength(32);
    expect(row!.hash.toString('base64url')).not.toBe(secret);
    const listed = await sales.gql<{ serviceAccounts: { edges: { node: Account }[] } }>(
      `{ serviceAccounts(first: 100) { edges { node { ${ACCOUNT} } } } }`,
    );
    const node = listed.data!.serviceAccounts.edges.map((e) => e.node).find((a) => a.id === account.id)!;
    expect(node.apiKeys).toEqual([{ id: apiKey.id, prefix: apiKey.prefix, lastUsedAt: null, revokedAt: null }]);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('answers the exchange with the account for a good key and records the use; 401 for a wrong, unknown or revoked one', async () => {
    const account = await newAccount('Helpdesk bridge', ['SERVICE']);
    const { key, apiKey } = (await issue(account.id)).data!.issueApiKey;

    const good = await check({ apiKey: key });
    expect(good).toEqual({ status: 200, body: { serviceAccountId: account.id, name: 'Helpdesk bridge', roles: ['service'] } });
    const [used] = await sales.sql<{ last_used_at: Date | null }>('SELECT last_used_at FROM api_key WHERE id = $1', [apiKey.id]);
    expect(used!.last_used_at).toBeInstanceOf(Date);

    const wrongSecret = `${key.slice(0, -4)}AAAA`;
    const unknown = `crmk_${MISSING_ID.replace(/-/g, '')}_${key.split('_')[2]!}`;
    for (const bad of [wrongSecret, unknown, 'not-a-key']) {
      const res = await check({ apiKey: bad });
      expect(res.status).toBe(401);
      expect(res.body.errors![0]).toMatchObject({
        message: 'This API key is not valid',
        extensions: { code: 'UNAUTHENTICATED', field: 'apiKey' },
      });
    }

    expect((await revoke(apiKey.id)).data!.revokeApiKey.revokedAt).not.toBeNull();
    const revoked = await check({ apiKey: key });
    expect(revoked.status).toBe(401);
    expect(revoked.body.errors![0]!.message).toMatch(/^This API key was revoked at \d{4}-/);
    // Revoking again keeps the first time.
    const [first] = await sales.sql<{ revoked_at: Date }>('SELECT revoked_at FROM api_key WHERE id = $1', [apiKey.id]);
    expect((await revoke(apiKey.id)).data!.revokeApiKey.revokedAt).toBe(first!.revoked_at.toISOString());
  });

  it.each([
    ['no apiKey', {}],
    ['a number', { apiKey: 42 }],
    ['an empty key', { apiKey: '' }],
    ['a key of 10 KB', { apiKey: 'k'.repeat(10_000) }],
  ])('refuses %s at the exchange with 400 on apiKey', async (_case, body) => {
    const res = await check(body);
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'apiKey' });
  });

  it(`keeps at most 5 live keys per account: a sixth is a conflict until one is revoked`, async () => {
    const account = await newAccount('Rotating sync');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await issue(account.id)).data!.issueApiKey.apiKey.id);
    const sixth = await refused(() => issue(account.id));
    expect(sixth.extensions).toMatchObject({ code: 'CONFLICT', field: 'serviceAccountId' });
    await revoke(ids[0]!);
    expect((await issue(account.id)).errors).toBeUndefined();
  });

  describe('bad input and the wrong caller: a clear error, nothing written', () => {
    it.each([
      ['an empty name', { name: '  ', roles: ['SALES'] }, 'name'],
      ['no roles', { name: 'Empty', roles: [] }, 'roles'],
    ])('refuses %s naming the field', async (_case, input, field) => {
      const error = await refused(() => create(input));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    });

    it.each(['ADMIN', 'PARTNER', 'CUSTOMER'])('has no role %s to give an integration', async (role) => {
      const error = await refused(() => create({ name: 'Too mighty', roles: [role] }));
      expect(error.message).toContain('ServiceAccountRole');
    });

    it('refuses a second account of the same name as a conflict on name', async () => {
      await newAccount('Twin');
      const error = await refused(() => create({ name: 'Twin', roles: ['MARKETING'] }));
      expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'name' });
    });

    it('answers a key for a missing account, or revoking a missing key, as NOT_FOUND naming the argument', async () => {
      expect((await refused(() => issue(MISSING_ID))).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'serviceAccountId' });
      expect((await refused(() => revoke(MISSING_ID))).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
      expect((await refused(() => issue('nope'))).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'serviceAccountId' });
    });

    it('is for admins alone: a sales rep can neither create accounts nor list them', async () => {
      const rep = () => sales.gqlAs({ roles: ['sales'], userId: 'b1000000-0000-4000-8000-000000000001' });
      // Their first request puts them in the directory (and its event in the outbox): before counting.
      await rep()('{ me { id } }');
      expect((await refused(() => create({ name: 'Sneaky', roles: ['SALES'] }, rep))).extensions).toMatchObject({ code: 'FORBIDDEN' });
      const list = await rep()('{ serviceAccounts(first: 1) { edges { node { id } } } }');
      expect(list.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});
