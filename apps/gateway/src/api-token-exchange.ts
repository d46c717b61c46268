import { identityFromClaims, isInternalCaller } from '@crm/auth';
// Signs with the same code as the development sign-in, but with the key an operator gave for API tokens.
import { mintToken } from '@crm/auth/dev';
import { sendGraphQLError, type Logger } from '@crm/observability';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { apiTokenRateLimits } from './api-token-rate-limits';
import type { GatewayConfig } from './config/gateway.config';
import { readSigningKey } from './signing-key';

/** `{"apiKey": "crmk_..."}` and no more: a larger body is 413 before sales is asked anything. */
const BODY_LIMIT_BYTES = 1024;

/** What sales answers for a good key (apps/sales/src/service-accounts/api-key-exchange.controller.ts). */
interface KeyOwner {
  serviceAccountId: string;
  name: string;
  roles: string[];
}

/**
 * POST /auth/token with `{"apiKey": "crmk_..."}`: an integration's API key for a short-lived token
 * (API_TOKEN_TTL_SECONDS) that it then sends as `Authorization: Bearer` like any caller. Sales owns
 * the keys (it checks the key, refuses a revoked one and records the use); the gateway signs, as
 * the one place that holds API_TOKEN_SIGNING_KEY_FILE. Revoking a key stops new tokens at once;
 * a token already issued lives out its few minutes, as every bearer token does. Not mounted
 * without a signing key (the path then answers 404 like any other).
 */
export function apiTokenExchange(config: GatewayConfig, logger: Logger): Router {
  const router = express.Router();
  if (!config.API_TOKEN_SIGNING_KEY_FILE) {
    logger.info('API_TOKEN_SIGNING_KEY_FILE is not set: POST /auth/token (API keys for tokens) is off');
    return router;
  }
  const key = readSigningKey(config.API_TOKEN_SIGNING_KEY_FILE, 'API_TOKEN_SIGNING_KEY_FILE', config);
  const check = `${new URL(config.SALES_URL).origin}/api-keys/check`;
  router.all('/auth/token', (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'POST') return next();
    res.setHeader('allow', 'POST');
    sendGraphQLError(req, res, 405, 'BAD_USER_INPUT', `${req.method} is not served here: POST {"apiKey": "..."}`, 'method');
  });
  router.post(
    '/auth/token',
    (req: Request, res: Response, next: NextFunction) => {
      if (req.is('application/json')) return next();
      sendGraphQLError(req, res, 415, 'BAD_USER_INPUT', 'Send the API key as JSON: {"apiKey": "..."}', 'content-type');
    },
    express.json({ limit: BODY_LIMIT_BYTES }),
    apiTokenRateLimits(config),
    (req: Request, res: Response, next: NextFunction) => {
      const apiKey = (req.body as { apiKey?: unknown } | null)?.apiKey;
      if (typeof apiKey !== 'string' || apiKey.length === 0)
        return sendGraphQLError(req, res, 400, 'BAD_USER_INPUT', 'apiKey is required: the API key, as text', 'apiKey');
      exchange(req, res, apiKey).catch(next);
    },
  );

  async function exchange(req: Request, res: Response, apiKey: string): Promise<void> {
    const id = (req as { id?: unknown }).id;
    const requestId = typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
    let answer: globalThis.Response;
    try {
      answer = await fetch(check, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}) },
        body: JSON.stringify({ apiKey }),
        signal: AbortSignal.timeout(config.SUBGRAPH_TIMEOUT_MS),
      });
    } catch (err) {
      logger.warn({ err, requestId }, 'sales did not answer an API key check');
      return sendGraphQLError(req, res, 503, 'SERVICE_UNAVAILABLE', 'API keys cannot be checked right now; try again shortly');
    }
    // A refusal (400: not a key; 401: unknown, wrong or revoked) is the client's to read, as sales wrote it.
    if (answer.status === 400 || answer.status === 401) {
      res
        .status(answer.status)
        .type('application/json')
        .send(await answer.text());
      return;
    }
    if (answer.status !== 200) {
      logger.error({ status: answer.status, requestId }, 'sales answered an API key check with an error');
      return sendGraphQLError(req, res, 503, 'SERVICE_UNAVAILABLE', 'API keys cannot be checked right now; try again shortly');
    }
    const owner = (await answer.json()) as KeyOwner;
    // The same rules as every verifier applies, before anything is signed: staff roles only.
    const identity = identityFromClaims({ sub: owner.serviceAccountId, roles: owner.roles });
    if (!isInternalCaller(identity)) throw new Error(`service account ${owner.serviceAccountId} holds roles no API token may carry`);
    const expiresIn = config.API_TOKEN_TTL_SECONDS;
    const token = await mintToken(key, {
      userId: identity.userId,
      roles: identity.roles,
      // Sales puts the account in the directory under this name on its first call, so what it owns shows who.
      profile: { name: owner.name },
      expiresInSeconds: expiresIn,
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
    });
    // As an OAuth 2.0 token response (RFC 6749, 5.1), which integration clients already read.
    res
      .status(200)
      .set({ 'cache-control': 'no-store', pragma: 'no-cache' })
      .json({ access_token: token, token_type: 'Bearer', expires_in: expiresIn });
  }

  return router;
}
