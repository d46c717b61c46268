import type { RequestWithIdentity, Identity } from './access';
import { ANONYMOUS } from './access';
import { bearerToken, InvalidTokenError, type TokenVerifier } from './tokens';

export interface AuthRequest extends RequestWithIdentity {
  headers: Record<string, string | string[] | undefined>;
  /** Verified once per request, whatever number of resolvers ask. */
  identityCheck?: Promise<Identity | InvalidTokenError>;
  /** What `identityCheck` settled to, once it has: the guard then decides each field without awaiting. */
  verified?: Identity | InvalidTokenError;
}

/** The caller a request's bearer token proves: nobody without a token, the error for a bad one. */
export async function identify(verify: TokenVerifier, req: AuthRequest): Promise<Identity | InvalidTokenError> {
  const token = bearerToken(req.headers.authorization);
  if (!token) return ANONYMOUS;
  try {
    return await verify(token);
  } catch (e) {
    return e instanceof InvalidTokenError ? e : new InvalidTokenError(String(e));
  }
}

/**
 * Verifies the request's token once, before GraphQL runs, and leaves the caller on the request
 * (`req.identity`, nobody for a missing or bad token). Resolvers read it from there with
 * @CurrentIdentity and pass it on by hand; the guard reuses the same check to decide each field.
 */
export function identityMiddleware(verify: TokenVerifier) {
  return (req: AuthRequest, _res: unknown, next: (err?: unknown) => void): void => {
    const check = (req.identityCheck ??= identify(verify, req));
    check.then((identity) => {
      req.verified = identity;
      req.identity = identity instanceof InvalidTokenError ? ANONYMOUS : identity;
      next();
    }, next);
  };
}
