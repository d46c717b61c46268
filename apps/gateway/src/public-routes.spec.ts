import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { httpErrorHandler } from '@crm/observability';
import { ADMIN, asPartner, testSigningKey, testToken } from '@crm/testing';
import express, { type Request } from 'express';
import type { GatewayConfig } from './config/gateway.config';
import { clientAddress, PUBLIC_ROUTES, publicRoutes } from './public-routes';

const listen = async (app: express.Express): Promise<{ server: Server; base: string }> => {
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};
/** The routes that need no token: what a gateway configured with marketing's URL alone serves. */
const MARKETING_ROUTES = PUBLIC_ROUTES.filter((r) => r.subgraph === 'marketing' && !r.caller);
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

describe('public routes on the gateway', () => {
  let upstream: { server: Server; base: string };
  let gateway: { server: Server; base: string };
  const seen: { method: string; url: string; headers: Record<string, unknown>; body: string }[] = [];

  beforeAll(async () => {
    // The subgraph: records what reached it and answers as marketing would.
    const sub = express();
    sub.use(express.text({ type: () => true }));
    sub.get('/t/:kind/:token', (req, res) => {
      seen.push({ method: req.method, url: req.originalUrl, headers: req.headers, body: '' });
      res.status(200).json({ status: 'recorded' });
    });
    sub.all('/forms/:key', (req, res) => {
      seen.push({ method: req.method, url: req.originalUrl, headers: req.headers, body: typeof req.body === 'string' ? req.body : '' });
      if (req.params.key === 'redirect') return res.redirect(303, 'https://www.example.test/thanks');
      res.setHeader('access-control-allow-origin', 'https://www.example.test');
      res.setHeader('set-cookie', 'internal=1');
      res.setHeader('x-internal-detail', 'marketing-7f9');
      res.status(200).json({ status: 'accepted' });
    });
    sub.get('/exports/:file', (req, res) => {
      seen.push({ method: req.method, url: req.originalUrl, headers: req.headers, body: '' });
      res.setHeader('content-disposition', `attachment; filename="${req.params.file}"`);
      res.type('text/csv').send('id,name\n1,Acme\n');
    });
    upstream = await listen(sub);
    const { publicKeysFile } = await testSigningKey();
    const config = {
      SUBGRAPH_TIMEOUT_MS: 2000,
      MARKETING_URL: `${upstream.base}/graphql`,
      SALES_URL: `${upstream.base}/graphql`,
      SERVICE_URL: `${upstream.base}/graphql`,
      TRUSTED_PROXY_HOPS: 0,
      AUTH_PUBLIC_KEYS_FILE: publicKeysFile,
      AUTH_ISSUER: 'crm',
      AUTH_AUDIENCE: 'crm',
    } as unknown as GatewayConfig;
    const app = express();
    app.use(publicRoutes(config));
    app.use(httpErrorHandler(() => undefined));
    gateway = await listen(app);
  });

  afterAll(async () => {
    await close(gateway.server);
    await close(upstream.server);
  });

  beforeEach(() => (seen.length = 0));

  it('lists one route per public path: forms, email tracking links and lead imports to marketing, exports and customer and contact imports to sales, survey answers to service', () => {
    expect(PUBLIC_ROUTES.map((r) => [r.path, r.subgraph])).toEqual([
      ['/forms/:key', 'marketing'],
      ['/t/o/:token', 'marketing'],
      ['/t/c/:token', 'marketing'],
      ['/t/u/:token', 'marketing'],
      ['/exports/:file', 'sales'],
      ['/imports/leads', 'marketing'],
      ['/imports/leads/:id', 'marketing'],
      ['/imports/leads/:id/:file', 'marketing'],
      ['/imports/customers', 'sales'],
      ['/imports/customers/:id', 'sales'],
      ['/imports/customers/:id/:file', 'sales'],
      ['/imports/contacts', 'sales'],
      ['/imports/contacts/:id', 'sales'],
      ['/imports/contacts/:id/:file', 'sales'],
      ['/csat/:token', 'service'],
    ]);
  });

  it('forwards a tracking link as it came, and refuses a method the link does not take', async () => {
    const open = await fetch(`${gateway.base}/t/o/tok.en?x=1`);
    expect(open.status).toBe(200);
    expect(seen.map((r) => [r.method, r.url])).toEqual([['GET', '/t/o/tok.en?x=1']]);
    const post = await fetch(`${gateway.base}/t/c/tok.en`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(seen).toHaveLength(1);
  });

  it('forwards a post with its body, query and the headers the subgraph needs, and none of the client credentials', async () => {
    const res = await fetch(`${gateway.base}/forms/abc?x=1`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://www.example.test',
        cookie: 'session=secret',
        authorization: 'Bearer secret',
        'x-forwarded-for': '203.0.113.9',
      },
      body: 'email=a%40b.test',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'accepted' });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://www.example.test');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('x-internal-detail')).toBeNull();
    const [call] = seen;
    expect(call).toMatchObject({ method: 'POST', url: '/forms/abc?x=1', body: 'email=a%40b.test' });
    expect(call!.headers).toMatchObject({ origin: 'https://www.example.test', 'content-type': 'application/x-www-form-urlencoded' });
    expect(call!.headers.cookie).toBeUndefined();
    expect(call!.headers.authorization).toBeUndefined();
    // The client's claimed address is replaced by the one the gateway saw.
    expect(call!.headers['x-forwarded-for']).not.toContain('203.0.113.9');
  });

  it('takes the client address from the trusted proxies only: the entry each one appended, never what the client claimed', () => {
    const req = (socket: string, forwarded?: string) =>
      ({
        socket: { remoteAddress: socket },
        headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
      }) as unknown as Request;
    // No proxy: the socket, whatever the header says.
    expect(clientAddress(req('198.51.100.7', '203.0.113.9'), 0)).toBe('198.51.100.7');
    // Behind the ingress (10.0.0.5): the address it appended, not the one the client wrote before it.
    expect(clientAddress(req('10.0.0.5', '203.0.113.9, 198.51.100.7'), 1)).toBe('198.51.100.7');
    // A load balancer before the ingress: two hops.
    expect(clientAddress(req('10.0.0.5', '203.0.113.9, 198.51.100.7, 10.1.0.2'), 2)).toBe('198.51.100.7');
    // A header shorter than the hops: its first entry; none at all: the socket.
    expect(clientAddress(req('10.0.0.5', '198.51.100.7'), 3)).toBe('198.51.100.7');
    expect(clientAddress(req('10.0.0.5'), 1)).toBe('10.0.0.5');
  });

  it('forwards the address the ingress saw when the gateway is told one proxy stands in front', async () => {
    const behindIngress = await listen(
      express().use(
        publicRoutes(
          {
            SUBGRAPH_TIMEOUT_MS: 2000,
            MARKETING_URL: `${upstream.base}/graphql`,
            TRUSTED_PROXY_HOPS: 1,
          } as unknown as GatewayConfig,
          MARKETING_ROUTES,
        ),
      ),
    );
    try {
      const res = await fetch(`${behindIngress.base}/forms/abc`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.9, 198.51.100.7' },
        body: 'email=a%40b.test',
      });
      expect(res.status).toBe(200);
      expect(seen[0]!.headers['x-forwarded-for']).toBe('198.51.100.7');
    } finally {
      await close(behindIngress.server);
    }
  });

  it('passes a staff caller’s token to an export and streams the file back; no token 401 and a partner 403 at the gateway', async () => {
    const admin = await fetch(`${gateway.base}/exports/customers.csv`, { headers: { authorization: `Bearer ${await testToken(ADMIN)}` } });
    expect(admin.status).toBe(200);
    expect(admin.headers.get('content-disposition')).toBe('attachment; filename="customers.csv"');
    expect(await admin.text()).toBe('id,name\n1,Acme\n');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers.authorization).toMatch(/^Bearer ey/);
    const anonymous = await fetch(`${gateway.base}/exports/customers.csv`);
    expect(anonymous.status).toBe(401);
    const partner = await fetch(`${gateway.base}/exports/customers.csv`, {
      headers: { authorization: `Bearer ${await testToken(asPartner('a0000000-0000-4000-8000-000000000001'))}` },
    });
    expect(partner.status).toBe(403);
    // Only the admin's call reached the subgraph.
    expect(seen).toHaveLength(1);
  });

  it('passes a redirect back to the browser rather than following it', async () => {
    const res = await fetch(`${gateway.base}/forms/redirect`, { method: 'POST', body: 'a=1', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('https://www.example.test/thanks');
  });

  it('refuses a body over the route limit 413 as JSON, without calling the subgraph', async () => {
    const res = await fetch(`${gateway.base}/forms/abc`, { method: 'POST', body: 'x'.repeat(17 * 1024) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { extensions: { field: string } }[] }).errors[0]!.extensions.field).toBe('body');
    expect(seen).toEqual([]);
  });

  it('refuses a method the route does not serve 405 with Allow', async () => {
    const res = await fetch(`${gateway.base}/forms/abc`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, OPTIONS');
    expect(seen).toEqual([]);
  });

  it('answers 503 as JSON when the subgraph cannot be reached', async () => {
    const config = { SUBGRAPH_TIMEOUT_MS: 500, MARKETING_URL: 'http://127.0.0.1:1/graphql' } as unknown as GatewayConfig;
    const down = await listen(express().use(publicRoutes(config, MARKETING_ROUTES)));
    try {
      const res = await fetch(`${down.base}/forms/abc`, { method: 'POST', body: 'a=1' });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await close(down.server);
    }
  });
});
