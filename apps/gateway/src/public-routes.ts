import type { Logger } from '@crm/observability';
import type { SubgraphName } from '@crm/registry';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { subgraphUrls, type GatewayConfig } from './config/gateway.config';

/**
 * Plain HTTP paths the gateway forwards to a subgraph without a token: links in email and (with
 * the web-forms work) form posts. Public means hostile: only the methods listed pass, the body is
 * bounded, and only a short list of headers goes either way.
 */
export interface PublicRoute {
  /** A path prefix, e.g. `/t/o/`; the rest of the path goes to the subgraph as it came. */
  prefix: string;
  subgraph: SubgraphName;
  methods: readonly ('GET' | 'POST')[];
}

export const PUBLIC_ROUTES: readonly PublicRoute[] = [
  // Campaign email tracking: open pixel, click redirect, unsubscribe (one-click unsubscribe POSTs).
  { prefix: '/t/o/', subgraph: 'marketing', methods: ['GET'] },
  { prefix: '/t/c/', subgraph: 'marketing', methods: ['GET'] },
  { prefix: '/t/u/', subgraph: 'marketing', methods: ['GET', 'POST'] },
];

const PUBLIC_BODY_LIMIT_BYTES = 16 * 1024;
const REQUEST_HEADERS = ['content-type', 'user-agent', 'accept', 'origin'];
const RESPONSE_HEADERS = ['content-type', 'location', 'cache-control'];

/** Forwards each public route to its subgraph's origin; a subgraph that does not answer is 502/504 JSON. */
export function publicRoutes(config: GatewayConfig, logger: Logger, routes: readonly PublicRoute[] = PUBLIC_ROUTES): Router {
  const urls = subgraphUrls(config);
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: PUBLIC_BODY_LIMIT_BYTES });
  for (const route of routes) {
    const origin = new URL(urls[route.subgraph]!).origin;
    router.use(route.prefix, (req: Request, res: Response, next: NextFunction) => {
      if (!route.methods.includes(req.method as 'GET' | 'POST')) {
        res
          .status(405)
          .set('Allow', route.methods.join(', '))
          .json({ error: { code: 'METHOD_NOT_ALLOWED', message: `use ${route.methods.join(' or ')}` } });
        return;
      }
      raw(req, res, (err?: unknown) => {
        if (err) return next(err);
        void forward(req, res, `${origin}${req.originalUrl}`, config.SUBGRAPH_TIMEOUT_MS).catch((e: unknown) => {
          const timedOut = e instanceof Error && e.name === 'TimeoutError';
          logger.warn({ err: e, path: req.path }, 'public route: the subgraph did not answer');
          if (!res.headersSent) {
            res
              .status(timedOut ? 504 : 502)
              .json({ error: { code: 'SERVICE_UNAVAILABLE', message: 'the service did not answer; try again' } });
          }
        });
      });
    });
  }
  return router;
}

async function forward(req: Request, res: Response, url: string, timeoutMs: number): Promise<void> {
  const headers: Record<string, string> = {};
  for (const h of REQUEST_HEADERS) {
    const v = req.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  const body = req.method === 'POST' && Buffer.isBuffer(req.body) && req.body.length ? req.body : undefined;
  const answer = await fetch(url, { method: req.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  res.status(answer.status);
  for (const h of RESPONSE_HEADERS) {
    const v = answer.headers.get(h);
    if (v) res.set(h, v);
  }
  res.send(Buffer.from(await answer.arrayBuffer()));
}
