import { SYSTEM_IDENTITY } from '@crm/auth';
import { LOGGER, type Logger } from '@crm/observability';
import { IntervalJob, SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { PartnersConfig } from '../config/partners.config';
import { LeadDistributionService } from './lead-distribution.service';

/**
 * Every LEAD_OFFER_EXPIRY_INTERVAL_MS, as the system: expires offers not answered in time and
 * offers those leads, and any lead left waiting after a decline, to the next partner.
 */
@Injectable()
export class LeadOfferExpiryJob extends IntervalJob<number> {
  constructor(
    private readonly distribution: LeadDistributionService,
    @Inject(SUBGRAPH_CONFIG) config: PartnersConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(
      { name: 'lead offer expiry', enabled: config.LEAD_OFFER_EXPIRY_ENABLED, intervalMs: config.LEAD_OFFER_EXPIRY_INTERVAL_MS },
      logger,
    );
  }

  protected async work(now: Date): Promise<number> {
    return (await this.distribution.expireDue(SYSTEM_IDENTITY, now)) + (await this.distribution.distributeWaiting(SYSTEM_IDENTITY, now));
  }

  protected report(moved: number): void {
    if (moved) this.logger.info({ moved }, 'lead offers expired or moved on');
  }
}
