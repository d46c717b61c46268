import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { sendGraphQLError } from '@crm/observability';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { subgraphUrls, type GatewayConfig } from './config/gateway.config';
import { authenticate, internalCallersOnly } from './gateway-auth';
import { PUBLIC_ROUTES, type PublicRoute } from './public-route-table';

export { PUBLIC_ROUTES, type PublicRoute } from './public-route-table';

/** Request headers the subgraph needs to judge the post; nothing else (no cookies, no Authorization) passes. */
const FORWARDED_REQUEST_HEADERS = [
  'content-type',
  'accept',
  'origin',
  'user-agent',
  'access-control-request-method',
  'access-control-request-headers',
];
/** Answer headers passed back to the client. */
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'location',
  'retry-after',
  'vary',
  'content-security-policy',
  'cache-control',
  'content-disposition',
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
];

/** The routes of PUBLIC_ROUTES, each forwarding to its subgraph's origin. */
export function publicRoutes(config: GatewayConfig, routes: readonly PublicRoute[] = PUBLIC_ROUTES): Router {
  const urls = subgraphUrls(config);
  const router = express.Router();
  // Made only when a route needs it: the token verifier reads the keys it is configured with.
  let staff: RequestHandler[] | undefined;
  for (const route of routes) {
    const target = urls[route.subgraph];
    if (!target) throw new Error(`public route ${route.path} names subgraph "${route.subgraph}", which the gateway has no URL for`);
    const origin = new URL(target).origin;
    const body = express.raw({ type: () => true, limit: route.bodyLimitBytes });
    router.all(route.path, (req: Request, res: Response, next: NextFunction) => {
      if (route.methods.includes(req.method as PublicRoute['methods'][number])) return next();
      res.setHeader('allow', route.methods.join(', '));
      sendGraphQLError(req, res, 405, 'BAD_USER_INPUT', `${req.method} is not served here: send ${route.methods.join(' or ')}`, 'method');
    });
    const callerChecks =
      route.caller === 'staff' ? (staff ??= [authenticate(config) as RequestHandler, internalCallersOnly as RequestHandler]) : [];
    router.all(route.path, ...callerChecks, body, (req: Request, res: Response, next: NextFunction) => {
      const token = route.caller ? (req as { token?: string }).token : undefined;
      forward(req, res, origin, route.timeoutMs ?? config.SUBGRAPH_TIMEOUT_MS, clientAddress(req, config.TRUSTED_PROXY_HOPS), token).catch(
        next,
      );
    });
  }
  return router;
}

/**
 * The client's address, which the subgraph limits by. With no proxy in front (hops 0) it is the
 * socket's, and any X-Forwarded-For is the client's own claim. Behind an ingress every socket is the
 * ingress's: each of the `hops` trusted proxies appended the address it saw, so the client is the
 * entry `hops` from the end, and what stands before it is again the client's claim. A shorter header
 * gives its first entry, as Express's `trust proxy` does.
 */
export function clientAddress(req: Request, hops: number): string {
  const forwarded = ([] as string[]).concat(req.headers['x-forwarded-for'] ?? []).join(',');
  const chain = [
    req.socket.remoteAddress ?? 'unknown',
    ...forwarded
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean)
      .reverse(),
  ];
  return chain[Math.min(hops, chain.length - 1)]!;
}

async function forward(
  req: Request,
  res: Response,
  origin: string,
  timeoutMs: number,
  client: string,
  /** The caller's verified token, on a route that answers as the caller; otherwise no credentials pass. */
  token?: string,
): Promise<void> {
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const v = req.headers[name];
    if (typeof v === 'string') headers.set(name, v);
  }
  // The gateway's view of the client replaces whatever the client claimed: the subgraph limits by it.
  headers.set('x-forwarded-for', client);
  if (token) headers.set('authorization', `Bearer ${token}`);
  const requestId = (req as { id?: unknown }).id;
  if (typeof requestId === 'string' || typeof requestId === 'number') headers.set('x-request-id', String(requestId));
  const hasBody = req.method === 'POST' && Buffer.isBuffer(req.body);
  let answer: globalThis.Response;
  // The timeout bounds the wait for the answer to begin; a long export then streams for as long as it takes.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    answer = await fetch(`${origin}${req.originalUrl}`, {
      method: req.method,
      headers,
      body: hasBody ? (req.body as Buffer) : undefined,
      redirect: 'manual',
      signal: abort.signal,
    });
  } catch {
    return sendGraphQLError(req, res, 503, 'SERVICE_UNAVAILABLE', 'The service behind this path is unavailable; try again shortly');
  } finally {
    clearTimeout(timer);
  }
  res.status(answer.status);
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const v = answer.headers.get(name);
    if (v !== null) res.setHeader(name, v);
  }
  if (!answer.body) return void res.end();
  // Passed on as it comes, with backpressure: the gateway holds no whole file. A client that goes
  // away cancels the subgraph's answer; a subgraph that cuts its answer short cuts the client's.
  await pipeline(Readable.fromWeb(answer.body as WebReadableStream<Uint8Array>), res).catch(() => res.destroy());
}
