import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ADMIN,
  asPartner,
  freePort,
  graphqlClient,
  startTestStack,
  testToken,
  type Gql,
  type TestGateway,
  type TestStack,
} from '@crm/testing';
import { Client } from 'pg';

/** A server in front of the subgraphs that counts the calls each one gets, then passes them on. */
async function countingProxy(targets: Record<string, string>) {
  const calls: Record<string, number> = Object.fromEntries(Object.keys(targets).map((n) => [n, 0]));
  const server = http.createServer((req, res) => {
    const name = (req.url ?? '').split('/')[1] ?? '';
    const target = targets[name];
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!target) return void res.writeHead(404).end();
      calls[name]!++;
      const headers: Record<string, string> = {};
      for (const h of ['content-type', 'authorization', 'x-request-id'])
        if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
      fetch(target, { method: req.method, headers, body: Buffer.concat(chunks) }).then(
        async (r) =>
          res
            .writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' })
            .end(Buffer.from(await r.arrayBuffer())),
        () => res.writeHead(502).end(),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urls: Object.fromEntries(Object.keys(targets).map((n) => [n, `${base}/${n}/graphql`])),
    total: () => Object.values(calls).reduce((a, b) => a + b, 0),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A subgraph that accepts requests and never answers them. */
async function hangingServer() {
  let requests = 0;
  const server = http.createServer(() => void requests++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    requests: () => requests,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
}

/** One raw HTTP exchange, read as a client would: status, content type and the JSON (if it is JSON). */
async function exchange(url: string, init: RequestInit): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: Answer['body'] = {};
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    // not JSON: the assertions on content type and code say so
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body };
}

const json = (token: string, body: unknown, extra: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...extra },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/**
 * The request mistakes a client can make at any GraphQL endpoint we serve, with the HTTP status
 * and the code and field each must get: never 500, HTML, a stack or INTERNAL_SERVER_ERROR.
 */
const REQUEST_MISTAKES: [string, (url: string, token: string) => [string, RequestInit], number, string, string | undefined][] = [
  ['a GraphQL syntax error', (u, t) => [u, json(t, { query: '{ customers(' })], 400, 'GRAPHQL_PARSE_FAILED', undefined],
  [
    'an operationName the document does not have',
    (u, t) => [u, json(t, { query: 'query A { __typename }', operationName: 'B' })],
    400,
    'BAD_USER_INPUT',
    'operationName',
  ],
  [
    'a request CSRF prevention refuses',
    (u, t) => [
      u,
      { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'text/plain' }, body: '{"query":"{__typename}"}' },
    ],
    400,
    'BAD_USER_INPUT',
    'content-type',
  ],
  ['a batch', (u, t) => [u, json(t, [{ query: '{__typename}' }, { query: '{__typename}' }])], 400, 'BAD_USER_INPUT', 'body'],
  ['an empty body', (u, t) => [u, json(t, '')], 400, 'BAD_USER_INPUT', 'body'],
  [
    'a mutation sent with GET',
    (u, t) => [
      `${u}?query=${encodeURIComponent('mutation { createCustomer(input: { name: "x" }) { id } }')}`,
      { headers: { authorization: `Bearer ${t}`, 'apollo-require-preflight': 'true' } },
    ],
    405,
    'BAD_USER_INPUT',
    'method',
  ],
  ['PUT', (u, t) => [u, { ...json(t, { query: '{__typename}' }), method: 'PUT' }], 405, 'BAD_USER_INPUT', 'method'],
  ['DELETE', (u, t) => [u, { method: 'DELETE', headers: { authorization: `Bearer ${t}` } }], 405, 'BAD_USER_INPUT', 'method'],
  ['malformed JSON', (u, t) => [u, json(t, '{"query": ')], 400, 'BAD_USER_INPUT', 'body'],
  [
    'a body over the limit',
    (u, t) => [u, json(t, { query: '{__typename}', variables: { x: 'a'.repeat(5 * 1024 * 1024) } })],
    413,
    'BAD_USER_INPUT',
    'body',
  ],
  [
    'an unknown charset',
    (u, t) => [
      u,
      {
        ...json(t, { query: '{__typename}' }),
        headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json; charset=klingon' },
      },
    ],
    415,
    'BAD_USER_INPUT',
    'content-type',
  ],
];

function expectClientMistake(res: Answer, status: number, code: string, field: string | undefined): void {
  expect({ status: res.status, json: res.contentType.startsWith('application/json') }).toEqual({ status, json: true });
  expect(res.body.data ?? null).toBeNull();
  expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
  if (field) expect(res.body.errors![0]!.extensions!.field).toBe(field);
  expect(res.text).not.toMatch(/INTERNAL_SERVER_ERROR|node_modules|\/work\/|\bat \w+ \(|<html/i);
}

/** `customer { partners { customerLinks { customer ... } } }`, `cycles` times round: three levels a cycle. */
const deepQuery = (cycles: number) =>
  `query($id: ID!) { customer(id: $id) { ${'partners { customerLinks { customer { '.repeat(cycles)}id${' } } }'.repeat(cycles)} } }`;

describe('the gateway facing the internet: limits, masking, timeouts', () => {
  let stack: TestStack;
  let admin: Gql;
  let customerId: string;

  beforeAll(async () => {
    stack = await startTestStack();
    admin = graphqlClient(stack.gatewayUrl);
    customerId = (await stack.ctx.newCustomer({ name: 'Hooli' })).id;
  });

  afterAll(() => stack?.stop());

  describe('operation limits, checked before any subgraph is called', () => {
    let proxy: Awaited<ReturnType<typeof countingProxy>>;
    let gateway: TestGateway;
    let gql: Gql;

    beforeAll(async () => {
      proxy = await countingProxy(stack.subgraphUrls);
      gateway = await stack.startGateway({ subgraphUrls: proxy.urls });
      gql = graphqlClient(gateway.url);
    });

    afterAll(() => proxy?.close());

    it('counts the subgraph calls of an operation within the limits (the control)', async () => {
      const before = proxy.total();
      const res = await gql(deepQuery(2), { id: customerId });
      expect(res.errors).toBeUndefined();
      expect(proxy.total()).toBeGreaterThan(before);
    });

    it.each([
      ['depth over the limit', deepQuery(5), {}, /depth/i],
      [
        '100 aliases of one field',
        `query { ${Array.from({ length: 100 }, (_, i) => `a${i}: partners(first: 1) { edges { cursor } }`).join(' ')} }`,
        {},
        /alias/i,
      ],
      // Inline, the cost limit (first multiplies a list's cost) refuses it even before the page-size check.
      ['first: 100000 written inline', 'query { opportunities(first: 100000) { edges { cursor } } }', {}, /first|cost/i],
      ['over MAX_TOKENS tokens', `query { ${'__typename '.repeat(2100)}}`, {}, /token/i],
      ['first: 100000 passed as a variable', 'query($n: Int) { customers(first: $n) { edges { cursor } } }', { n: 100_000 }, /first/],
    ])('refuses %s without calling any subgraph', async (_case, query, variables, message) => {
      const before = proxy.total();
      const res = await gql(query, { id: customerId, ...variables });
      expect(res.data ?? null).toBeNull();
      expect(res.errors![0]!.message).toMatch(message);
      expect(res.errors![0]!.extensions!.code).toMatch(/^(GRAPHQL_PARSE_FAILED|GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT)$/);
      expect(res.errors![0]!.message).not.toMatch(/^Syntax Error: (?!Document contains more)/);
      expect(proxy.total()).toBe(before);
    });

    it('refuses one over MAX_PAGE_SIZE with BAD_USER_INPUT on `first` rather than truncating, and takes the maximum itself', async () => {
      const before = proxy.total();
      for (const res of [
        await gql('query { opportunities(first: 101) { edges { cursor } } }'),
        await gql('query($n: Int) { opportunities(first: $n) { edges { cursor } } }', { n: 101 }),
      ]) {
        expect(res.data ?? null).toBeNull();
        expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      }
      expect(proxy.total()).toBe(before);
      expect((await gql('query { opportunities(first: 100) { edges { cursor } } }')).errors).toBeUndefined();
    });

    it('keeps CSRF prevention on: a simple (non-preflighted) request is refused without calling any subgraph', async () => {
      const before = proxy.total();
      const authorization = `Bearer ${await testToken(ADMIN)}`;
      const get = await fetch(`${gateway.url}?query=${encodeURIComponent('{ partners(first: 1) { edges { cursor } } }')}`, {
        headers: { authorization },
      });
      const form = await fetch(gateway.url, {
        method: 'POST',
        headers: { authorization, 'content-type': 'text/plain' },
        body: JSON.stringify({ query: '{ partners(first: 1) { edges { cursor } } }' }),
      });
      for (const res of [get, form]) {
        expect(res.status).toBe(400);
        const body = (await res.json()) as { data?: unknown; errors: { extensions: { code: string; field?: string } }[] };
        expect(body.data).toBeUndefined();
        expect(body.errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content-type' });
      }
      expect(proxy.total()).toBe(before);
    });

    it('refuses a batched HTTP array without calling any subgraph', async () => {
      const before = proxy.total();
      const token = await testToken(ADMIN);
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify([
          { query: '{ partners(first: 1) { edges { cursor } } }' },
          { query: '{ partners(first: 1) { edges { cursor } } }' },
        ]),
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { data?: unknown; errors: { extensions: { code: string; field?: string } }[] };
      expect(body.data).toBeUndefined();
      expect(body.errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
      expect(proxy.total()).toBe(before);
    });
  });

  describe('client mistakes, answered as client mistakes at the gateway and at each subgraph', () => {
    let token: string;
    beforeAll(async () => {
      token = await testToken(ADMIN);
    });

    it.each(REQUEST_MISTAKES)('at the gateway: %s', async (_case, request, status, code, field) => {
      expectClientMistake(await exchange(...request(stack.gatewayUrl, token)), status, code, field);
    });

    it.each(REQUEST_MISTAKES)('at a subgraph: %s', async (_case, request, status, code, field) => {
      expectClientMistake(await exchange(...request(stack.subgraphUrls.sales!, token)), status, code, field);
    });

    it.each([
      ['a token-limit refusal', { query: `query { ${'__typename '.repeat(2100)}}` }, 'GRAPHQL_PARSE_FAILED', undefined],
      ['`first` above the maximum', { query: 'query { opportunities(first: 101) { edges { cursor } } }' }, 'BAD_USER_INPUT', 'first'],
      [
        'several operations and no operationName',
        { query: 'query A { __typename } query B { __typename }' },
        'BAD_USER_INPUT',
        'operationName',
      ],
    ])('at the gateway: %s is a 400', async (_case, body, code, field) => {
      expectClientMistake(await exchange(stack.gatewayUrl, json(token, body)), 400, code, field);
    });

    it('answers a path nothing serves with JSON, not an HTML page', async () => {
      const res = await exchange(stack.gatewayUrl.replace('/graphql', '/graphiql'), {});
      expectClientMistake(res, 404, 'NOT_FOUND', undefined);
    });

    it('passes on what it accepts: a 200 KB variable reaches the subgraph, which answers it rather than refusing it as too large', async () => {
      const res = await admin<{ customers: unknown }>(
        'query($q: String) { customers(first: 1, filter: { nameContains: $q }) { edges { cursor } } }',
        {
          q: 'x'.repeat(200 * 1024),
        },
      );
      expect(res.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('SERVICE_UNAVAILABLE');
      expect(res.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('INTERNAL_SERVER_ERROR');
    });

    it('fits a page of MAX_PAGE_SIZE items with a dozen scalar fields in the default cost limit, and names the cost limit as such', async () => {
      const page = await admin(
        'query { opportunities(first: 100) { edges { node { id customerId name closeDate ownerId partnerId pipelineId stageId status closeReason closedAt createdAt } } } }',
      );
      expect(page.errors).toBeUndefined();
      const costly = await exchange(
        stack.gatewayUrl,
        json(token, {
          query: 'query { customers(first: 100) { edges { node { timeline(first: 100) { edges { node { type summary } } } } } } }',
        }),
      );
      expectClientMistake(costly, 400, 'GRAPHQL_VALIDATION_FAILED', undefined);
      expect(costly.body.errors![0]!.message).toMatch(/^Query Cost limit of 5000 exceeded/);
    });
  });

  describe('who may call what', () => {
    it('refuses a partner token on the internal graph, introspection included, and sends it to its contract endpoint', async () => {
      const partner = await testToken(asPartner('00000000-0000-4000-a000-0000000000a1'));
      for (const query of ['{ customers(first: 1) { edges { cursor } } }', '{ __schema { types { name } } }']) {
        const res = await exchange(stack.gatewayUrl, json(partner, { query }));
        expect(res.status).toBe(403);
        expect(res.body.data).toBeUndefined();
        expect(res.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
        expect(res.body.errors![0]!.message).toMatch(/partner\/graphql/);
      }
      // The same token is served at its contract endpoint (its safelist decides what runs there).
      const contract = await exchange(stack.partnerGatewayUrl, json(partner, { query: '{ __typename }' }));
      expect(contract.body.errors![0]!.extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    });

    it('refuses anonymous callers at every subgraph, for _service and _entities too, and still serves the gateway', async () => {
      const entities = {
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
        variables: { r: [{ __typename: 'Customer', id: customerId }] },
      };
      for (const [name, url] of Object.entries(stack.subgraphUrls)) {
        for (const body of [{ query: '{ _service { sdl } }' }, entities]) {
          const res = await exchange(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
          expect({ name, status: res.status, code: res.body.errors?.[0]?.extensions?.code, data: res.body.data }).toEqual({
            name,
            status: 401,
            code: 'UNAUTHENTICATED',
            data: undefined,
          });
        }
        const withToken = await graphqlClient(url)<{ _service: { sdl: string } }>('{ _service { sdl } }');
        expect(withToken.data!._service.sdl.length).toBeGreaterThan(0);
      }
      const res = await admin<{ customer: { name: string; metrics: unknown } }>(
        'query($id: ID!) { customer(id: $id) { name metrics { interactionCount } } }',
        {
          id: customerId,
        },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.customer.name).toBe('Hooli');
    });

    it('serves /metrics only on METRICS_PORT, apart from the public port', async () => {
      const metricsPort = await freePort();
      const gateway = await stack.startGateway({ env: { METRICS_PORT: String(metricsPort) } });
      const pub = await exchange(gateway.url.replace('/graphql', '/metrics'), {});
      expectClientMistake(pub, 404, 'NOT_FOUND', undefined);
      expect(pub.text).not.toMatch(/process_cpu|http_request_duration/);
      const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toMatch(/^process_cpu_user_seconds_total /m);
      expect((await fetch(`http://127.0.0.1:${metricsPort}/graphql`, { method: 'POST' })).status).toBe(404);
    });

    it('keeps idle connections open longer than the gateway’s pool does, at the subgraphs and at the gateway', async () => {
      for (const url of [stack.subgraphUrls.sales!, stack.gatewayUrl]) {
        const res = await fetch(url.replace('/graphql', '/health/live'));
        expect(res.headers.get('keep-alive')).toBe('timeout=65');
      }
    });
  });

  describe('API keys for integrations: POST /auth/token', () => {
    const tokenUrl = () => stack.gatewayUrl.replace(/\/graphql$/, '/auth/token');
    const post = (body: string, contentType = 'application/json'): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });

    it("exchanges a key for a short-lived token with the account's roles, records the use, and refuses the key once revoked", async () => {
      const created = await admin<{ createServiceAccount: { id: string } }>(
        'mutation { createServiceAccount(input: { name: "Warehouse loader", roles: [SALES] }) { id } }',
      );
      const accountId = created.data!.createServiceAccount.id;
      const issued = await admin<{ issueApiKey: { key: string; apiKey: { id: string } } }>(
        'mutation($a: ID!) { issueApiKey(serviceAccountId: $a) { key apiKey { id } } }',
        { a: accountId },
      );
      const { key, apiKey } = issued.data!.issueApiKey;

      const got = await exchange(tokenUrl(), post(JSON.stringify({ apiKey: key })));
      expect(got.status).toBe(200);
      const answer = got.body as unknown as { access_token: string; token_type: string; expires_in: number };
      expect(answer).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
      const claims = JSON.parse(Buffer.from(answer.access_token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
      expect(claims).toMatchObject({ sub: accountId, roles: ['sales'], name: 'Warehouse loader' });
      expect(Number(claims.exp) - Number(claims.iat)).toBe(900);

      // The token calls the graph as the account: it reads sales, and is in the directory under its name...
      const read = await exchange(
        stack.gatewayUrl,
        json(answer.access_token, {
          query: 'query($id: ID!) { customer(id: $id) { name } me { id name } }',
          variables: { id: customerId },
        }),
      );
      expect(read.body).toEqual({ data: { customer: { name: 'Hooli' }, me: { id: accountId, name: 'Warehouse loader' } } });
      // ...but does no admin work.
      const mint = await exchange(
        stack.gatewayUrl,
        json(answer.access_token, { query: 'mutation { createServiceAccount(input: { name: "Escalated", roles: [SALES] }) { id } }' }),
      );
      expect(mint.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');

      const keys = await admin<{
        serviceAccounts: { edges: { node: { id: string; apiKeys: { id: string; lastUsedAt: string | null }[] } }[] };
      }>('{ serviceAccounts(first: 100) { edges { node { id apiKeys { id lastUsedAt } } } } }');
      const used = keys.data!.serviceAccounts.edges.find((e) => e.node.id === accountId)!.node.apiKeys;
      expect(used).toEqual([{ id: apiKey.id, lastUsedAt: expect.any(String) }]);

      expect((await admin('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: apiKey.id })).errors).toBeUndefined();
      const refused = await exchange(tokenUrl(), post(JSON.stringify({ apiKey: key })));
      expectClientMistake(refused, 401, 'UNAUTHENTICATED', 'apiKey');
      expect(refused.body.errors![0]!.message).toMatch(/revoked/);
    });

    it.each([
      [
        'an unknown key',
        () => post(JSON.stringify({ apiKey: `crmk_${'0'.repeat(32)}_${'A'.repeat(43)}` })),
        401,
        'UNAUTHENTICATED',
        'apiKey',
      ],
      ['no apiKey', () => post('{}'), 400, 'BAD_USER_INPUT', 'apiKey'],
      ['malformed JSON', () => post('{"apiKey": '), 400, 'BAD_USER_INPUT', 'body'],
      ['a body over 1 KB', () => post(JSON.stringify({ apiKey: 'k'.repeat(2000) })), 413, 'BAD_USER_INPUT', 'body'],
      ['a form post', () => post('apiKey=crmk_x', 'application/x-www-form-urlencoded'), 415, 'BAD_USER_INPUT', 'content-type'],
      ['GET', (): RequestInit => ({ method: 'GET' }), 405, 'BAD_USER_INPUT', 'method'],
    ])('answers %s as JSON with its status, naming what was wrong', async (_case, init, status, code, field) => {
      expectClientMistake(await exchange(tokenUrl(), init()), status, code, field);
    });
  });

  it('answers a database error with a generic message, a code and the request id; the log has the detail', async () => {
    const sales = new Client({ connectionString: stack.databases.sales });
    await sales.connect();
    await sales.query('ALTER TABLE opportunity RENAME TO opportunity_moved_away');
    let res;
    try {
      res = await admin('query { opportunities(first: 5) { edges { node { id } } } }');
    } finally {
      await sales.query('ALTER TABLE opportunity_moved_away RENAME TO opportunity');
      await sales.end();
    }
    expect(res.errors).toHaveLength(1);
    const [error] = res.errors!;
    expect(error).toEqual({
      message: 'Internal server error',
      path: expect.any(Array),
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) },
    });
    expect(JSON.stringify(res)).not.toMatch(/opportunity|relation|SELECT|sales|stack|node_modules|127\.0\.0\.1/i);
    const requestId = error!.extensions!.requestId!;
    expect(requestId.length).toBeGreaterThan(0);
    // The subgraph that failed logged the detail under the same request id.
    const logged = fs
      .readFileSync(stack.logs.sales!, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { requestId?: string; err?: { message?: string } })
      .filter((l) => l.requestId === requestId);
    expect(logged.map((l) => l.err?.message)).toContain('relation "opportunity" does not exist');
  });

  it('answers with the other subgraphs’ data and errors on the hanging subgraph’s paths once SUBGRAPH_TIMEOUT_MS passes', async () => {
    const hanging = await hangingServer();
    try {
      const gateway = await stack.startGateway({ env: { SUBGRAPH_TIMEOUT_MS: '500' }, subgraphUrls: { analytics: hanging.url } });
      const res = await graphqlClient(gateway.url)<{ customer: { id: string; name: string; partners: unknown[]; metrics: unknown } }>(
        'query($id: ID!) { customer(id: $id) { id name partners { id } metrics { interactionCount } } }',
        { id: customerId },
      );
      expect(hanging.requests()).toBeGreaterThan(0);
      expect(res.data).toEqual({ customer: { id: customerId, name: 'Hooli', partners: [], metrics: null } });
      expect(res.errors).toEqual([
        {
          message: 'This part of the graph is temporarily unavailable',
          path: ['customer', 'metrics'],
          extensions: { code: 'SERVICE_UNAVAILABLE', requestId: expect.any(String) },
        },
      ]);
    } finally {
      await hanging.close();
    }
  });
});
