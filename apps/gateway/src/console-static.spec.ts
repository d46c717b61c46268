import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTokenVerifier } from '@crm/auth';
import { generateSigningKey } from '@crm/auth/dev';
import { createLogger } from '@crm/observability';
import express from 'express';
import { consoleRoutes } from './console-static';

const logger = createLogger('gateway', 'silent');
const PARTNER = '0b000000-0000-4000-8000-000000000001';

async function serve(settings: Record<string, string | undefined>) {
  const config = { AUTH_ISSUER: 'crm', AUTH_AUDIENCE: 'crm', OIDC_SCOPE: 'openid', ...settings };
  const app = express().use(consoleRoutes(config, logger));
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, config, close: () => new Promise((resolve) => server.close(resolve)) };
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the console on the gateway', () => {
  let dir: string;
  let keys: { AUTH_PUBLIC_KEYS_FILE: string; AUTH_DEV_SIGNING_KEY_FILE: string };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-static-'));
    const key = await generateSigningKey('dev-test');
    keys = { AUTH_PUBLIC_KEYS_FILE: path.join(dir, 'public.json'), AUTH_DEV_SIGNING_KEY_FILE: path.join(dir, 'private.json') };
    fs.writeFileSync(keys.AUTH_PUBLIC_KEYS_FILE, JSON.stringify(key.publicJwks));
    fs.writeFileSync(keys.AUTH_DEV_SIGNING_KEY_FILE, JSON.stringify(key.privateJwk));
    fs.mkdirSync(path.join(dir, 'dist/assets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist/index.html'), '<!doctype html><title>console</title>');
    fs.writeFileSync(path.join(dir, 'dist/assets/app-1234.js'), 'console.log(1)');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('on the local development keys', () => {
    let s: Awaited<ReturnType<typeof serve>>;
    beforeAll(async () => (s = await serve({ ...keys, CONSOLE_DIR: path.join(dir, 'dist') })));
    afterAll(() => s.close());

    it('offers the development sign-in and mints tokens the gateway verifies', async () => {
      const config = (await (await fetch(`${s.base}/console/config.json`)).json()) as { signIn: { mode: string; roles: string[] } };
      expect(config.signIn).toEqual({
        mode: 'development',
        roles: ['admin', 'sales', 'marketing', 'service', 'analyst', 'partner', 'customer'],
      });
      const verify = createTokenVerifier(s.config);
      const sales = (await (await post(`${s.base}/console/dev-token`, { role: 'sales' })).json()) as { token: string };
      expect(await verify(sales.token)).toMatchObject({ roles: ['sales'], partnerId: null });
      const partner = (await (await post(`${s.base}/console/dev-token`, { role: 'partner', partnerId: PARTNER })).json()) as {
        token: string;
      };
      expect(await verify(partner.token)).toMatchObject({ roles: ['partner'], partnerId: PARTNER });
      const contact = (await (
        await post(`${s.base}/console/dev-token`, { role: 'customer', customerId: PARTNER, contactId: PARTNER })
      ).json()) as { token: string };
      expect(await verify(contact.token)).toMatchObject({ roles: ['customer'], customerId: PARTNER, contactId: PARTNER });
    });

    it('names the field of a bad sign-in request', async () => {
      const cases: [unknown, string][] = [
        [{ role: 'root' }, 'role'],
        [{ role: 'partner' }, 'partnerId'],
        [{ role: 'sales', partnerId: PARTNER }, 'partnerId'],
        [{ role: 'partner', partnerId: 'p-1' }, 'partnerId'],
        [{ role: 'customer', contactId: PARTNER }, 'customerId'],
        [{ role: 'customer', customerId: PARTNER }, 'contactId'],
        [{ role: 'sales', customerId: PARTNER }, 'customerId'],
      ];
      for (const [body, field] of cases) {
        const res = await post(`${s.base}/console/dev-token`, body);
        const answer = (await res.json()) as { errors: { extensions: { code: string; field: string } }[] };
        expect({ body, status: res.status, ext: answer.errors[0]?.extensions }).toEqual({
          body,
          status: 400,
          ext: { code: 'BAD_USER_INPUT', field },
        });
      }
      const form = await fetch(`${s.base}/console/dev-token`, { method: 'POST', body: new URLSearchParams({ role: 'admin' }) });
      expect(form.status).toBe(400);
    });

    it('serves the app for every page path, and its bundles, but never instead of an API path or a missing file', async () => {
      for (const page of ['/', '/customers', '/customers/0c000000-0000-4000-8000-00000000000a', '/partner/deals/x']) {
        const res = await fetch(`${s.base}${page}`, { headers: { accept: 'text/html' } });
        expect({ page, status: res.status, body: await res.text() }).toEqual({
          page,
          status: 200,
          body: '<!doctype html><title>console</title>',
        });
        expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      }
      const bundle = await fetch(`${s.base}/assets/app-1234.js`);
      expect([bundle.status, bundle.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable']);
      const missing = await fetch(`${s.base}/assets/gone.js`);
      expect([
        missing.status,
        ((await missing.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
      ]).toEqual([404, 'NOT_FOUND']);
      for (const api of ['/graphql', '/partner/graphql', '/health/live', '/favicon.ico']) {
        expect({ api, status: (await fetch(`${s.base}${api}`, { headers: { accept: 'text/html' } })).status }).toEqual({
          api,
          status: 404,
        });
      }
    });

    it("passes a script's request for a page path on, for the gateway's JSON 404, rather than answering it with the page", async () => {
      // fetch's default Accept is */*: an API client, not a browser navigating. Here nothing
      // follows the console's routes, so Express's own 404 answers; the gateway's is JSON
      // (gateway-hardening.spec.ts).
      const res = await fetch(`${s.base}/graphiql`);
      expect({ status: res.status, page: (await res.text()).includes('<title>console</title>') }).toEqual({ status: 404, page: false });
    });
  });

  it('has no development sign-in when tokens come from AUTH_JWKS_URL, even with a key file set', async () => {
    const s = await serve({
      ...keys,
      AUTH_PUBLIC_KEYS_FILE: undefined,
      AUTH_JWKS_URL: 'https://id.example.com/.well-known/jwks.json',
      OIDC_ISSUER_URL: 'https://id.example.com',
      OIDC_CLIENT_ID: 'crm-console',
    });
    try {
      expect((await post(`${s.base}/console/dev-token`, { role: 'admin' })).status).toBe(404);
      const config = (await (await fetch(`${s.base}/console/config.json`)).json()) as { signIn: unknown; access: Record<string, unknown> };
      expect(config.signIn).toEqual({ mode: 'oidc', authority: 'https://id.example.com', clientId: 'crm-console', scope: 'openid' });
      expect(Object.keys(config.access)).toEqual(['sales', 'marketing', 'service', 'partners', 'analytics']);
    } finally {
      await s.close();
    }
  });

  it('refuses to start with a development key the verification keys do not hold', async () => {
    const other = await generateSigningKey('other');
    const file = path.join(dir, 'other.json');
    fs.writeFileSync(file, JSON.stringify(other.privateJwk));
    expect(() =>
      consoleRoutes({ ...keys, AUTH_DEV_SIGNING_KEY_FILE: file, AUTH_ISSUER: 'crm', AUTH_AUDIENCE: 'crm', OIDC_SCOPE: 'openid' }, logger),
    ).toThrow('AUTH_DEV_SIGNING_KEY_FILE must hold the private half of a key in AUTH_PUBLIC_KEYS_FILE');
  });
});
