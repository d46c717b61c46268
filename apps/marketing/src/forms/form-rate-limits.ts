import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import type { MarketingConfig } from '../config/marketing.config';

/** Made by the form-rate-limits migration, so the limiter never creates it at run time. */
export const FORM_RATE_LIMIT_TABLE = 'form_rate_limit';

/**
 * The public form endpoint's limits: per client address and per form, each a count per minute.
 * Counted in Postgres, so the limit holds for the service as a whole: production runs several
 * replicas behind the gateway (the HorizontalPodAutoscaler's at least two), and a count per process
 * would let a flood through at replicas × the limit. Once a key is over, this process refuses it
 * from memory for the rest of the minute, so a flood costs the database one row update per replica,
 * not one per post. Should Postgres fail to answer, each process counts on its own until it is back.
 */
@Injectable()
export class FormRateLimits {
  private readonly perIp: RateLimiterAbstract;
  private readonly perForm: RateLimiterAbstract;

  constructor(@Inject(SUBGRAPH_CONFIG) config: MarketingConfig, db: DataSource) {
    const limiter = (keyPrefix: string, points: number) =>
      new RateLimiterPostgres({
        storeClient: db,
        storeType: 'typeorm',
        tableName: FORM_RATE_LIMIT_TABLE,
        tableCreated: true,
        keyPrefix,
        points,
        duration: 60,
        inMemoryBlockOnConsumed: points + 1,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: 60 }),
      });
    this.perIp = limiter('form-ip', config.FORM_POSTS_PER_IP_PER_MINUTE);
    this.perForm = limiter('form', config.FORM_POSTS_PER_FORM_PER_MINUTE);
  }

  /** Seconds to wait when the address is over its limit; null when the post may go on. */
  ip(address: string): Promise<number | null> {
    return retryAfter(this.perIp, address);
  }

  form(key: string): Promise<number | null> {
    return retryAfter(this.perForm, key);
  }
}

async function retryAfter(limiter: RateLimiterAbstract, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (e) {
    if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw e;
  }
}
