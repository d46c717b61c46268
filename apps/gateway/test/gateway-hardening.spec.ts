import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN, graphqlClient, startTestStack, testToken, type Gql, type TestGateway, type TestStack } from '@crm/testing';
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
      expect(res.errors![0]!.extensions!.code).toMatch(/^(GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT)$/);
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
        expect(await res.text()).not.toMatch(/"data"/);
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
      expect(await res.text()).not.toMatch(/"data"/);
      expect(proxy.total()).toBe(before);
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
