import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { Metrics } from './metrics';

export const REQUEST_ID_HEADER = 'x-request-id';
const QUIET_PATHS = new Set(['/health/live', '/health/ready']);
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Request ids: the gateway's (or a client's) x-request-id is kept, otherwise one is made; it is
 * echoed in the response and is `req.id`, which the error reporting puts on its log lines. One line
 * per finished request at info (error for 5xx or a connection closed before the answer), built only
 * when that level is on: pino-http made two child loggers and serialized the request for each
 * request even with request logs off.
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (req: Request & { id?: string }, res: Response, next: NextFunction) => {
    const given = req.headers[REQUEST_ID_HEADER];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    req.id = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    if (!QUIET_PATHS.has(req.url)) {
      const started = performance.now();
      const done = () => {
        res.removeListener('finish', done);
        res.removeListener('close', done);
        const failed = res.statusCode >= 500 || !res.writableFinished;
        const level = failed ? 'error' : 'info';
        if (!logger.isLevelEnabled(level)) return;
        logger[level](
          {
            req: { id, method: req.method, url: req.originalUrl },
            res: { statusCode: res.statusCode },
            responseTime: Math.round(performance.now() - started),
          },
          res.writableFinished ? (failed ? 'request errored' : 'request completed') : 'request aborted',
        );
      };
      res.on('finish', done);
      res.on('close', done);
    }
    next();
  };
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
