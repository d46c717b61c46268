import type { Identity } from './access';

/** What a signature check gives: the identity, and when the token expires (ms since the epoch). */
export interface VerifiedToken {
  identity: Identity;
  expiresAt: number;
}

export interface VerifiedTokenCacheOptions {
  /** Tokens remembered at once; the oldest goes first. */
  maxEntries: number;
  /** How long a verification is trusted, at most (and never past the token's own expiry). */
  maxAgeMs: number;
  now?: () => number;
}

/**
 * Remembers tokens whose signature was already verified, until they expire or `maxAgeMs` passes,
 * whichever is first: a client's repeated requests then cost one signature check, not one each (a
 * customer 360 is verified by the gateway and by every subgraph it reaches). A refused token is never
 * remembered, and each caller gets its own copy of the identity.
 */
export function cachingVerifier(
  verify: (token: string) => Promise<VerifiedToken>,
  { maxEntries, maxAgeMs, now = Date.now }: VerifiedTokenCacheOptions,
): (token: string) => Promise<Identity> {
  const verified = new Map<string, { identity: Identity; until: number }>();
  const copy = (identity: Identity): Identity => ({ ...identity, roles: [...identity.roles] });
  return async (token) => {
    const hit = verified.get(token);
    if (hit && hit.until > now()) return copy(hit.identity);
    if (hit) verified.delete(token);
    const { identity, expiresAt } = await verify(token);
    verified.set(token, { identity: copy(identity), until: Math.min(expiresAt, now() + maxAgeMs) });
    if (verified.size > maxEntries) verified.delete(verified.keys().next().value!);
    return identity;
  };
}
