import { sendGraphQLError } from '@crm/observability';
import type { NextFunction, Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { GatewayConfig } from './config/gateway.config';
import { clientAddress } from './public-routes';

/** The key id of `crmk_<key id>_<secret>`, the part that names a key whatever secret is guessed. */
const KEY_ID = /^crmk_([0-9a-f]{32})_/;

/**
 * Limits on POST /auth/token, counted before sales is asked anything: per key id, so nobody can
 * try secrets against one key faster than an integration needs tokens (a token lives minutes),
 * and per client address, so nobody can sweep key ids from one place. In memory, per gateway
 * replica, as marketing's form limits are (the library's Redis or Postgres limiter is the swap).
 */
export function apiTokenRateLimits(config: GatewayConfig) {
  const perKey = new RateLimiterMemory({ keyPrefix: 'api-token-key', points: config.API_TOKEN_REQUESTS_PER_KEY_PER_MINUTE, duration: 60 });
  const perAddress = new RateLimiterMemory({
    keyPrefix: 'api-token-ip',
    points: config.API_TOKEN_REQUESTS_PER_IP_PER_MINUTE,
    duration: 60,
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    const apiKey = (req.body as { apiKey?: unknown } | null)?.apiKey;
    const keyId = typeof apiKey === 'string' ? KEY_ID.exec(apiKey)?.[1] : undefined;
    void (async () => {
      // The address first: a sweep of key ids is refused without counting against any one key.
      const wait =
        (await retryAfter(perAddress, clientAddress(req, config.TRUSTED_PROXY_HOPS))) ?? (keyId ? await retryAfter(perKey, keyId) : null);
      if (wait === null) return next();
      res.setHeader('retry-after', String(wait.seconds));
      sendGraphQLError(req, res, 429, 'RATE_LIMITED', `Too many token requests ${wait.per}; retry after ${wait.seconds} s`, wait.field);
    })().catch(next);

    async function retryAfter(limiter: RateLimiterMemory, key: string) {
      try {
        await limiter.consume(key);
        return null;
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        const seconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
        return limiter === perKey
          ? { seconds, per: 'for this API key', field: 'apiKey' }
          : { seconds, per: 'from this address', field: undefined };
      }
    }
  };
}
