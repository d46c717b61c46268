import { bearerToken, createTokenVerifier, InvalidTokenError, isInternalCaller, type Identity } from '@crm/auth';
import { sendGraphQLError } from '@crm/observability';
import type { NextFunction, Request, Response } from 'express';
import type { GatewayConfig } from './config/gateway.config';

/**
 * Headers through which a client might claim an identity. Nothing downstream reads them (the
 * subgraphs trust only the verified token), and the gateway drops them so none ever travels on.
 */
const IDENTITY_HEADER = /^x-(partner|user|role|roles|tenant|identity|auth|forwarded-user|on-behalf-of)(-|$)/i;

export interface AuthenticatedRequest extends Request {
  identity?: Identity;
  token?: string;
}

function refuse(res: Response, status: number, code: string, message: string): void {
  sendGraphQLError(res.req, res, status, code, message);
}

/**
 * Verifies the caller's JWT (jose) before any GraphQL work: missing, expired or badly signed is
 * UNAUTHENTICATED. The token is kept for the subgraphs, which verify it again.
 */
export function authenticate(config: GatewayConfig) {
  const verify = createTokenVerifier(config);
  return (req: AuthenticatedRequest, res: Response, next: NextFunction): void => {
    for (const name of Object.keys(req.headers)) if (IDENTITY_HEADER.test(name)) delete req.headers[name];
    const token = bearerToken(req.headers.authorization);
    if (!token) return refuse(res, 401, 'UNAUTHENTICATED', 'A valid token is required');
    verify(token).then(
      (identity) => {
        req.identity = identity;
        req.token = token;
        next();
      },
      (e: unknown) =>
        refuse(
          res,
          401,
          'UNAUTHENTICATED',
          e instanceof InvalidTokenError ? 'The token is invalid or expired' : 'A valid token is required',
        ),
    );
  };
}

/**
 * The internal graph (/graphql) is for staff: a partner's token (and any other role that is not a
 * staff role, such as a portal customer's) is refused there with 403, before any GraphQL work, and
 * uses its contract endpoint, whose safelist and schema are what that caller may ask. Its rows were
 * scoped either way; this keeps the rest of the internal graph, and introspection, from it.
 */
export function internalCallersOnly(req: AuthenticatedRequest, res: Response, next: NextFunction): void {
  if (req.identity && isInternalCaller(req.identity)) return next();
  refuse(res, 403, 'FORBIDDEN', 'This token may not use the internal graph; use the endpoint of your contract, such as /partner/graphql');
}

/**
 * The portal (/portal/graphql) is for customers' contacts alone: staff and partners have their own
 * endpoints, and a token without a customer scope would read every customer's cases through it.
 */
export function customersOnly(req: AuthenticatedRequest, res: Response, next: NextFunction): void {
  if (req.identity?.roles.includes('customer')) return next();
  refuse(res, 403, 'FORBIDDEN', 'The portal endpoint is for customer tokens; use /graphql or /partner/graphql');
}
