import { bearerToken, createTokenVerifier, InvalidTokenError, type Identity } from '@crm/auth';
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
  const id = (res.req as { id?: unknown }).id;
  const requestId = typeof id === 'string' || typeof id === 'number' ? String(id) : '';
  res.status(status).json({ errors: [{ message, extensions: { code, ...(requestId ? { requestId } : {}) } }] });
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
