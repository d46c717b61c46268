import { LOGGER, type Logger } from '@crm/observability';
import { IntervalJob, SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { MarketingConfig } from '../config/marketing.config';
import { LoyaltyService } from './loyalty.service';

/** Expires loyalty points past the programme's age every LOYALTY_EXPIRY_INTERVAL_MS; expiring twice writes nothing twice. */
@Injectable()
export class LoyaltyExpiryJob extends IntervalJob<number> {
  constructor(
    private readonly loyalty: LoyaltyService,
    @Inject(SUBGRAPH_CONFIG) config: MarketingConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super({ name: 'loyalty expiry job', enabled: config.LOYALTY_EXPIRY_ENABLED, intervalMs: config.LOYALTY_EXPIRY_INTERVAL_MS }, logger);
  }

  protected work(now: Date): Promise<number> {
    return this.loyalty.expireAll(now);
  }

  protected report(customers: number): void {
    if (customers) this.logger.info({ customers }, 'loyalty points expired');
  }
}
