import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@crm/observability';
import { SUBGRAPHS } from '@crm/registry';
import express from 'express';
import type { GatewayConfig } from './config/gateway.config';
import { publicRoutes } from './public-routes';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('public routes', () => {
  let upstream: http.Server;
  let gateway: http.Server;
  let base = '';
  const seen: Seen[] = [];

  const listen = (s: http.Server) =>
    new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        if (req.url!.startsWith('/t/c/')) res.writeHead(302, { Location: 'https://example.com/x', 'Set-Cookie': 'a=b' }).end();
        else res.writeHead(200, { 'Content-Type': 'application/json', 'X-Internal': 'secret' }).end('{"ok":true}');
      });
    });
    const upstreamPort = await listen(upstream);
    const config = Object.fromEntries(SUBGRAPHS.map((s) => [s.urlVariable, `http://127.0.0.1:${upstreamPort}/graphql`]));
    const app = express();
    app.use(publicRoutes({ ...config, SUBGRAPH_TIMEOUT_MS: 2000 } as unknown as GatewayConfig, createLogger('gateway', 'silent')));
    gateway = http.createServer(app);
    base = `http://127.0.0.1:${await listen(gateway)}`;
  });
  afterAll(async () => {
    await new Promise((r) => gateway.close(r));
    await new Promise((r) => upstream.close(r));
  });

  it('forwards the path and query to the subgraph, and passes back its status and only the listed headers', async () => {
    const res = await fetch(`${base}/t/c/abc.def?x=1`, {
      redirect: 'manual',
      headers: { Authorization: 'Bearer t', Cookie: 'c=d', 'User-Agent': 'mail' },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://example.com/x');
    expect(res.headers.get('set-cookie')).toBeNull();
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ method: 'GET', url: '/t/c/abc.def?x=1' });
    expect(last.headers['user-agent']).toBe('mail');
    expect(last.headers.authorization).toBeUndefined();
    expect(last.headers.cookie).toBeUndefined();

    const open = await fetch(`${base}/t/o/abc.def`);
    expect(open.status).toBe(200);
    expect(open.headers.get('x-internal')).toBeNull();
    expect(await open.json()).toEqual({ ok: true });
  });

  it("forwards a one-click unsubscribe's POST with its body", async () => {
    const res = await fetch(`${base}/t/u/abc.def`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/t/u/abc.def', body: 'List-Unsubscribe=One-Click' });
  });

  it('answers a method the route does not take with 405 JSON, and an oversize body with 413, forwarding neither', async () => {
    const before = seen.length;
    const post = await fetch(`${base}/t/c/abc.def`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect(await post.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
    const big = await fetch(`${base}/t/u/abc.def`, { method: 'POST', body: 'x'.repeat(64 * 1024) });
    expect(big.status).toBe(413);
    expect(seen.length).toBe(before);
  });

  it('answers 502 JSON when the subgraph does not answer', async () => {
    const app = express();
    const config = Object.fromEntries(SUBGRAPHS.map((s) => [s.urlVariable, 'http://127.0.0.1:1/graphql']));
    app.use(publicRoutes({ ...config, SUBGRAPH_TIMEOUT_MS: 2000 } as unknown as GatewayConfig, createLogger('gateway', 'silent')));
    const down = http.createServer(app);
    const port = await listen(down);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/t/o/abc.def`);
      expect(res.status).toBe(502);
      expect(await res.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
    } finally {
      await new Promise((r) => down.close(r));
    }
  });
});
