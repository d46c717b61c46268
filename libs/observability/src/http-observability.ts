import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { Metrics } from './metrics';

export const REQUEST_ID_HEADER = 'x-request-id';
const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Request ids: the gateway's (or a client's) x-request-id is kept, otherwise one is made; it is
 * echoed in the response and stamped on every log line of the request (`req.id`).
 */
export function requestLogging(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers[REQUEST_ID_HEADER];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    autoLogging: { ignore: (req) => QUIET_PATHS.has(req.url ?? '') },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
  });
}

/** Request durations by route and status, for /metrics. */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer({ method: req.method });
    // originalUrl: a mounted handler (like /graphql) sees its own path as "/".
    res.on('finish', () => end({ route: req.originalUrl.split('?')[0], status: String(res.statusCode) }));
    next();
  };
}

export function useHttpObservability(app: INestApplication, logger: Logger): void {
  app.use(requestLogging(logger));
  app.use(httpMetrics(app.get(Metrics)));
}
