import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { MarketingConfig } from '../config/marketing.config';

/**
 * The public form endpoint's limits: per client address and per form, each a count per minute.
 * Counted in memory, per process: several replicas each allow their share (the Postgres or Redis
 * limiter of the same library is the swap when that matters).
 */
@Injectable()
export class FormRateLimits {
  private readonly perIp: RateLimiterMemory;
  private readonly perForm: RateLimiterMemory;

  constructor(@Inject(SUBGRAPH_CONFIG) config: MarketingConfig) {
    this.perIp = new RateLimiterMemory({ keyPrefix: 'form-ip', points: config.FORM_POSTS_PER_IP_PER_MINUTE, duration: 60 });
    this.perForm = new RateLimiterMemory({ keyPrefix: 'form', points: config.FORM_POSTS_PER_FORM_PER_MINUTE, duration: 60 });
  }

  /** Seconds to wait when the address is over its limit; null when the post may go on. */
  ip(address: string): Promise<number | null> {
    return retryAfter(this.perIp, address);
  }

  form(key: string): Promise<number | null> {
    return retryAfter(this.perForm, key);
  }
}

async function retryAfter(limiter: RateLimiterMemory, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (e) {
    if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw e;
  }
}
