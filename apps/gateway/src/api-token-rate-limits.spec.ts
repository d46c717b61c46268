import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@crm/observability';
import { SUBGRAPHS } from '@crm/registry';
import { testSigningKey } from '@crm/testing';
import express from 'express';
import { apiTokenExchange } from './api-token-exchange';
import { gatewayConfigSchema } from './config/gateway.config';

const key = (hexId: string) => `crmk_${hexId.repeat(32).slice(0, 32)}_${'A'.repeat(43)}`;

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The token route alone, in front of a sales that refuses every key and counts how often it was asked. */
describe('POST /auth/token rate limits', () => {
  let sales: Server;
  let gateway: Server;
  let url: string;
  let checked = 0;

  beforeAll(async () => {
    sales = createServer((_req, res) => {
      checked += 1;
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"errors":[{"message":"unknown key","extensions":{"code":"UNAUTHENTICATED","field":"apiKey"}}]}');
    });
    const salesUrl = await listen(sales);
    const { privateKeyFile, publicKeysFile } = await testSigningKey();
    const config = gatewayConfigSchema.parse({
      ...Object.fromEntries(SUBGRAPHS.map((s) => [s.urlVariable, `${salesUrl}/graphql`])),
      AUTH_PUBLIC_KEYS_FILE: publicKeysFile,
      API_TOKEN_SIGNING_KEY_FILE: privateKeyFile,
      API_TOKEN_REQUESTS_PER_KEY_PER_MINUTE: '3',
      API_TOKEN_REQUESTS_PER_IP_PER_MINUTE: '6',
      // One proxy hop: each test stands for a client of its own by the address it claims.
      TRUSTED_PROXY_HOPS: '1',
    });
    const app = express();
    app.use(apiTokenExchange(config, createLogger('gateway', 'silent')));
    gateway = createServer(app);
    url = `${await listen(gateway)}/auth/token`;
  });

  afterAll(async () => {
    await new Promise((r) => gateway?.close(r));
    await new Promise((r) => sales?.close(r));
  });

  const post = (apiKey: string, client: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify({ apiKey }),
    });

  it('refuses a key id past its limit with 429, JSON naming apiKey and Retry-After, before sales is asked', async () => {
    const before = checked;
    for (const client of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) expect((await post(key('a'), client)).status).toBe(401);
    const refused = await post(key('a'), '198.51.100.4');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({
      errors: [
        { message: expect.stringMatching(/for this API key; retry after \d+ s/), extensions: { code: 'RATE_LIMITED', field: 'apiKey' } },
      ],
    });
    expect(checked - before).toBe(3);
    // Another key from the same addresses is not held back by that one's count.
    expect((await post(key('b'), '198.51.100.4')).status).toBe(401);
  });

  it('refuses an address past its limit, whatever keys it sends, and other addresses go on', async () => {
    const client = '203.0.113.9';
    for (const id of ['1', '2', '3', '4', '5', '6']) expect((await post(key(id), client)).status).toBe(401);
    const refused = await post(key('7'), client);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/from this address/);
    // Not a key: still counted against the address.
    expect((await post('not-a-key', client)).status).toBe(429);
    expect((await post(key('7'), '203.0.113.10')).status).toBe(401);
  });
});
