import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/** A person the identity provider knows: what they type to sign in, and the claims their tokens carry. */
export interface TestUser {
  username: string;
  password: string;
  /** The token's subject: the platform takes users by a UUID. */
  sub: string;
  name: string;
  email: string;
  roles: string[];
  partnerId?: string;
}

export interface TestIdentityProvider {
  /** The issuer identifier: the gateway's and subgraphs' AUTH_ISSUER. */
  issuer: string;
  /** Where its public keys are published: the gateway's AUTH_JWKS_URL. */
  jwksUrl: string;
  /**
   * Registers the console at `origin` as a public client (no secret, so PKCE is required) and
   * starts answering: the console's address is known only once its gateway is up.
   */
  serve(client: { clientId: string; origin: string }): void;
  /** The authorization requests it received, to check what the console asked for (PKCE's challenge). */
  authorizationRequests: URL[];
  close(): Promise<void>;
}

const html = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head><body><main>${body}</main></body></html>`;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginForm(uid: string, error?: string): string {
  return html(`<h1>Sign in to the test identity provider</h1>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
  <label>Username <input name="username" autocomplete="username" required></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button>
</form>`);
}

async function formBody(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * An OpenID Connect provider (oidc-provider, the certified Node implementation) in the test's own
 * process, on a free port: authorization code with PKCE for the console as a public client, and
 * JWT access tokens (RFC 9068) for the graph carrying the claims the platform reads (`sub`,
 * `roles`, `partner_id`), signed with `signingKey` and published at its JWKS URL. Its own login
 * page stands in for the organisation's; consent is implied, as for a first-party app.
 */
export async function startTestIdentityProvider(opts: {
  signingKey: JWK;
  audience: string;
  users: TestUser[];
}): Promise<TestIdentityProvider> {
  const server = http.createServer();
  // On every address, and named `localhost`: a host of its own, as an identity provider has, so that
  // its cookies are not the console's (cookies ignore ports, and the stack is on 127.0.0.1).
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  const bySub = new Map(opts.users.map((u) => [u.sub, u]));
  const authorizationRequests: URL[] = [];
  let provider: Provider | undefined;
  let handle: ReturnType<Provider['callback']> | undefined;
  // The graph is the one resource server: every access token is for it, as a JWT.
  const GRAPH = 'urn:crm:graph';

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!provider || !handle) {
      res.writeHead(503).end('not serving yet');
      return;
    }
    const p = provider;
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/auth') authorizationRequests.push(url);
    const interaction = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
    if (!interaction) return void handle(req, res);
    void (async () => {
      const details = await p.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        if (req.method !== 'POST' || !interaction[2]) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginForm(details.uid));
          return;
        }
        const form = await formBody(req);
        const user = opts.users.find((u) => u.username === form.get('username') && u.password === form.get('password'));
        if (!user) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginForm(details.uid, 'Wrong username or password.'));
          return;
        }
        await p.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
        return;
      }
      // Consent: a first-party app is granted what it asked for, the graph's scope included.
      const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      const grant = details.grantId
        ? (await p.Grant.find(details.grantId))!
        : new p.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
      if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
      if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
      await p.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    })().catch((e: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`interaction failed: ${e.message}`);
    });
  });

  const configuration = (client: { clientId: string; origin: string }): Configuration => ({
    clients: [
      {
        client_id: client.clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${client.origin}/sign-in/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [opts.signingKey] },
    cookies: { keys: ['test-identity-provider'] },
    pkce: { required: () => true },
    // The console's own origin may call the token endpoint from the browser.
    clientBasedCORS: (_ctx, origin, c) => c.redirectUris!.some((uri) => new URL(uri).origin === origin),
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => GRAPH,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'crm',
          audience: opts.audience,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 3600,
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
    scopes: ['openid', 'profile', 'email', 'crm'],
    claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
    findAccount: (_ctx, sub) => {
      const user = bySub.get(sub);
      return user ? { accountId: sub, claims: () => ({ sub, name: user.name, email: user.email }) } : undefined;
    },
    // The platform's claims, in the access token the gateway verifies.
    extraTokenClaims: (_ctx: KoaContextWithOIDC, token) => {
      const user = 'accountId' in token && typeof token.accountId === 'string' ? bySub.get(token.accountId) : undefined;
      if (!user) return undefined;
      return { roles: user.roles, ...(user.partnerId ? { partner_id: user.partnerId } : {}), name: user.name, email: user.email };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
  });

  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    authorizationRequests,
    serve: (client) => {
      provider = new Provider(issuer, configuration(client));
      handle = provider.callback();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The browser may keep a connection open: the test is over, so is the conversation.
        server.closeAllConnections();
      }),
  };
}
