import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { createLogger } from '@crm/observability';
import { SUBGRAPHS } from '@crm/registry';
import { asCustomer, testSigningKey, testToken } from '@crm/testing';
import { gatewayConfigSchema } from './config/gateway.config';
import { createGateway, DEFAULT_PORTAL_OPERATIONS_FILE, type RunningGateway } from './gateway.server';
import { loadSafelist } from './persisted-operations';

const CUSTOMER = '0c000000-0000-4000-8000-000000000001';
const [PORTAL_CASES] = [...loadSafelist(DEFAULT_PORTAL_OPERATIONS_FILE)].find(([, doc]) => doc.startsWith('query PortalCases('))!;

describe('the contract graphs (partner, portal)', () => {
  let gateway: RunningGateway;
  let server: ReturnType<RunningGateway['app']['listen']>;
  let portalUrl: string;
  const started = jest.spyOn(ApolloServer.prototype, 'start');

  beforeAll(async () => {
    const { publicKeysFile } = await testSigningKey();
    const config = gatewayConfigSchema.parse({
      NODE_ENV: 'test',
      AUTH_PUBLIC_KEYS_FILE: publicKeysFile,
      // Nothing listens there: the subgraphs' fields answer SERVICE_UNAVAILABLE, which is all this needs.
      ...Object.fromEntries(SUBGRAPHS.map((s) => [s.urlVariable, 'http://127.0.0.1:9/graphql'])),
    });
    gateway = await createGateway(config, createLogger('gateway', 'silent'));
    server = gateway.app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    portalUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/portal/graphql`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await gateway.stop();
  });

  const portalCases = async () => {
    const res = await fetch(portalUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await testToken(asCustomer(CUSTOMER, CUSTOMER))}` },
      body: JSON.stringify({ variables: { first: 1 }, extensions: { persistedQuery: { version: 1, sha256Hash: PORTAL_CASES } } }),
    });
    return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } };
  };

  it('are built on their first request, once for requests that arrive together, and then serve', async () => {
    // At start only the internal graph is built: readiness does not wait for the contracts.
    expect(started).toHaveBeenCalledTimes(1);
    const together = await Promise.all([portalCases(), portalCases()]);
    expect(started).toHaveBeenCalledTimes(2);
    for (const res of [...together, await portalCases()]) {
      expect(res.status).toBe(200);
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    }
    expect(started).toHaveBeenCalledTimes(2);
  });
});
