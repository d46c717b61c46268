import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';

/**
 * The largest request body a client may send the gateway. Each subgraph accepts more
 * (SUBGRAPH_BODY_LIMIT_BYTES): a gateway's call carries the client's variables plus the plan's
 * query and entity representations, so a request the gateway accepted is never refused below it
 * (a 413 there would reach the client as SERVICE_UNAVAILABLE, an outage it did not cause).
 */
export const CLIENT_BODY_LIMIT_BYTES = 1024 * 1024;
export const SUBGRAPH_BODY_LIMIT_BYTES = 4 * CLIENT_BODY_LIMIT_BYTES;

function requestIdOf(req: Request): string | undefined {
  const id = (req as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** A GraphQL-shaped JSON error answer: what every client mistake gets, whatever stage refused it. */
export function sendGraphQLError(req: Request, res: Response, status: number, code: string, message: string, field?: string): void {
  const requestId = requestIdOf(req);
  res.status(status).json({
    errors: [{ message, extensions: { code, ...(field ? { field } : {}), ...(requestId ? { requestId } : {}) } }],
  });
}

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  charset?: string;
  encoding?: string;
}

/** body-parser's refusals (its error `type`), as the status and message the client gets. */
const BODY_ERRORS: Record<string, (e: BodyParserError) => { status: number; field: string; message: string }> = {
  'entity.parse.failed': () => ({ status: 400, field: 'body', message: 'The request body is not valid JSON' }),
  'entity.too.large': (e) => ({ status: 413, field: 'body', message: `The request body is over the limit of ${e.limit ?? '?'} bytes` }),
  'charset.unsupported': (e) => ({
    status: 415,
    field: 'content-type',
    message: `Unsupported charset "${e.charset ?? ''}": send the body as UTF-8`,
  }),
  'encoding.unsupported': (e) => ({
    status: 415,
    field: 'content-encoding',
    message: `Unsupported content encoding "${e.encoding ?? ''}": use gzip, deflate, br or none`,
  }),
  'request.aborted': () => ({ status: 400, field: 'body', message: 'The request body was cut short' }),
  'request.size.invalid': () => ({ status: 400, field: 'body', message: 'The request body is shorter or longer than its content-length' }),
};

/**
 * Express's last word: a body the parser refused is the client's mistake (400, 413 or 415 with
 * BAD_USER_INPUT naming the part of the request at fault), anything else an internal error; both
 * as JSON. Express's default was an HTML page with the stack trace and the server's paths.
 */
export function httpErrorHandler(onInternal: (error: unknown, requestId: string | undefined) => void): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const e = (err ?? {}) as BodyParserError;
    const known = e.type ? BODY_ERRORS[e.type]?.(e) : undefined;
    if (known) return sendGraphQLError(req, res, known.status, 'BAD_USER_INPUT', known.message, known.field);
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
      return sendGraphQLError(req, res, e.status, 'BAD_USER_INPUT', 'The request could not be read', 'body');
    onInternal(err, requestIdOf(req));
    sendGraphQLError(req, res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
}

/**
 * GraphQL over HTTP is GET and POST: any other method is a 405 naming the allowed ones, before
 * anything else looks at the request (Apollo answered a DELETE without a body as a CSRF refusal).
 */
export const getOrPostOnly: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'POST') return next();
  res.setHeader('allow', 'GET, POST');
  sendGraphQLError(req, res, 405, 'BAD_USER_INPUT', `${req.method} is not served here: send GET or POST`, 'method');
};

/** A path nothing serves: JSON rather than Express's HTML page. */
export const notFoundHandler: RequestHandler = (req, res) =>
  sendGraphQLError(req, res, 404, 'NOT_FOUND', `Nothing is served at ${req.method} ${req.path}`);
