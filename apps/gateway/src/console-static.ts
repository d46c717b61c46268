import * as fs from 'node:fs';
import * as path from 'node:path';
import { ACCESS_MATRIX, ROLES, type Role } from '@crm/auth';
// The development sign-in is the one production-image path that signs tokens, and only on local keys.
import { mintToken } from '@crm/auth/dev';
import { env } from '@crm/config';
import type { Logger } from '@crm/observability';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { JWK } from 'jose';
import { isGatewayPath } from './public-paths';
import { readSigningKey } from './signing-key';
import { z } from 'zod';

/** The gateway's settings for the web console it serves from its own origin. */
export const consoleEnvShape = {
  /** The built console (`npm run console:build`); defaults to apps/console/dist beside the gateway. Served at / when present. */
  CONSOLE_DIR: z.string().optional(),
  /**
   * Development only: the stack's local private signing key. With it, and while tokens are verified
   * with a local JWKS file rather than AUTH_JWKS_URL, POST /console/dev-token signs in as any role.
   */
  AUTH_DEV_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** Production sign-in: the OpenID Connect issuer whose tokens the gateway verifies, and the console's client. */
  OIDC_ISSUER_URL: env.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_SCOPE: z.string().min(1).default('openid profile email'),
};

interface ConsoleSettings {
  CONSOLE_DIR?: string | undefined;
  AUTH_DEV_SIGNING_KEY_FILE?: string | undefined;
  AUTH_JWKS_URL?: string | undefined;
  AUTH_PUBLIC_KEYS_FILE?: string | undefined;
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
  OIDC_ISSUER_URL?: string | undefined;
  OIDC_CLIENT_ID?: string | undefined;
  OIDC_SCOPE: string;
}

/**
 * The console page's content-security policy. The production image's nginx sends the same one
 * (apps/console/nginx.conf.template, kept equal by infra/deploy/test/console.spec.ts).
 */
export const consolePolicy = (connectSrc: string) =>
  `default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src ${connectSrc}; frame-ancestors 'none'; base-uri 'self'`;

export const DEFAULT_CONSOLE_DIR = path.resolve(__dirname, '../../console/dist');

/** Each development role signs in as one fixed user, so what it does reads the same from run to run. */
const DEV_USERS: Record<Role, string> = {
  admin: '00000000-0000-4000-a000-000000000001',
  sales: '00000000-0000-4000-a000-000000000002',
  marketing: '00000000-0000-4000-a000-000000000003',
  service: '00000000-0000-4000-a000-000000000004',
  analyst: '00000000-0000-4000-a000-000000000005',
  partner: '00000000-0000-4000-a000-000000000006',
  customer: '00000000-0000-4000-a000-000000000007',
};

const devTokenRequest = z
  .object({
    role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
    partnerId: z.uuid({ error: 'must be a partner id (a UUID)' }).optional(),
    customerId: z.uuid({ error: 'must be a customer id (a UUID)' }).optional(),
    contactId: z.uuid({ error: 'must be a contact id (a UUID)' }).optional(),
  })
  .strict()
  .refine((r) => (r.role === 'partner') === (r.partnerId !== undefined), {
    path: ['partnerId'],
    error: 'is required for the partner role, and only for it',
  })
  .refine((r) => (r.role === 'customer') === (r.customerId !== undefined), {
    path: ['customerId'],
    error: 'is required for the customer role, and only for it',
  })
  .refine((r) => (r.role === 'customer') === (r.contactId !== undefined), {
    path: ['contactId'],
    error: 'is required for the customer role, and only for it',
  });

function badInput(res: Response, field: string, message: string): void {
  res.status(400).json({ errors: [{ message: `${field}: ${message}`, extensions: { code: 'BAD_USER_INPUT', field } }] });
}

/**
 * The development signing key, when the stack runs on its local keys: read and checked against the
 * verification keys at boot (a key the gateway would not accept stops it), never with AUTH_JWKS_URL.
 */
function devSigningKey(config: ConsoleSettings, logger: Logger): JWK | null {
  if (!config.AUTH_DEV_SIGNING_KEY_FILE) return null;
  if (config.AUTH_JWKS_URL) {
    logger.warn('AUTH_DEV_SIGNING_KEY_FILE is ignored: tokens come from the identity provider at AUTH_JWKS_URL');
    return null;
  }
  return readSigningKey(config.AUTH_DEV_SIGNING_KEY_FILE, 'AUTH_DEV_SIGNING_KEY_FILE', config);
}

function signInConfig(config: ConsoleSettings, devKey: JWK | null) {
  if (devKey) return { mode: 'development', roles: ROLES };
  if (config.OIDC_ISSUER_URL && config.OIDC_CLIENT_ID) {
    return { mode: 'oidc', authority: config.OIDC_ISSUER_URL, clientId: config.OIDC_CLIENT_ID, scope: config.OIDC_SCOPE };
  }
  return { mode: 'unavailable', reason: 'Sign-in is not configured: set OIDC_ISSUER_URL and OIDC_CLIENT_ID on the gateway.' };
}

/**
 * The web console on the gateway's origin: its configuration, the development sign-in (only on the
 * stack's local keys) and the built single-page app, whose routes all answer with its index.html.
 */
export function consoleRoutes(config: ConsoleSettings, logger: Logger): Router {
  const router = express.Router();
  const devKey = devSigningKey(config, logger);
  const signIn = signInConfig(config, devKey);
  router.get('/console/config.json', (_req, res) => void res.set('cache-control', 'no-store').json({ signIn, access: ACCESS_MATRIX }));

  if (devKey) {
    router.post('/console/dev-token', express.json({ limit: '1kb' }), (req: Request, res: Response, next: NextFunction) => {
      // A JSON body only: a cross-site form cannot send one without the browser asking first.
      if (!req.is('application/json')) return badInput(res, 'body', 'send JSON: {"role": "...", "partnerId": "..."}');
      const parsed = devTokenRequest.safeParse(req.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return badInput(res, issue.path.join('.') || 'body', issue.message);
      }
      const { role, partnerId, customerId, contactId } = parsed.data;
      const expiresInSeconds = 8 * 3600;
      mintToken(devKey, {
        roles: [role],
        userId: DEV_USERS[role],
        partnerId: partnerId ?? null,
        customerId: customerId ?? null,
        contactId: contactId ?? null,
        expiresInSeconds,
        issuer: config.AUTH_ISSUER,
        audience: config.AUTH_AUDIENCE,
      }).then(
        (token) => res.set('cache-control', 'no-store').json({ token, expiresAt: Math.floor(Date.now() / 1000) + expiresInSeconds }),
        next,
      );
    });
  }

  const dir = config.CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR;
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) {
    logger.info({ dir }, 'no built console here: / is not served (npm run console:build)');
    return router;
  }
  // The identity provider is the one other origin the console talks to (its token endpoint).
  const idp = config.OIDC_ISSUER_URL ? ` ${new URL(config.OIDC_ISSUER_URL).origin}` : '';
  const headers = {
    'content-security-policy': consolePolicy(`'self'${idp}`),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  const notFound = (_req: Request, res: Response) =>
    void res.status(404).json({ errors: [{ message: 'No such file', extensions: { code: 'NOT_FOUND' } }] });
  // Bundles are content-hashed: cached for good. index.html is asked for again every time.
  router.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }), notFound);
  router.use(express.static(dir, { index: false }));
  // Any other page path is one of the console's routes, when a browser navigates to it (it names
  // text/html in Accept): the app decides what it shows. A script's `*/*` gets the JSON 404 below,
  // not a page it cannot read.
  router.get(/.*/, (req, res, next) => {
    const navigation = /\btext\/html\b/.test(req.get('accept') ?? '');
    if (isGatewayPath(req.path) || path.extname(req.path) !== '' || !navigation) return next();
    res.set({ ...headers, 'cache-control': 'no-cache' }).sendFile(index);
  });
  return router;
}
