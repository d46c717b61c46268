import { SYSTEM_IDENTITY } from '@crm/auth';
import { LOGGER, type Logger } from '@crm/observability';
import { IntervalJob, SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { PartnersConfig } from '../config/partners.config';
import { DealRegistrationExpiryService } from './deal-registration-expiry.service';

/** Expires approved registrations not won in time, every DEAL_REGISTRATION_EXPIRY_INTERVAL_MS, as the system. */
@Injectable()
export class DealRegistrationExpiryJob extends IntervalJob<number> {
  constructor(
    private readonly expiry: DealRegistrationExpiryService,
    @Inject(SUBGRAPH_CONFIG) config: PartnersConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(
      {
        name: 'deal registration expiry',
        enabled: config.DEAL_REGISTRATION_EXPIRY_ENABLED,
        intervalMs: config.DEAL_REGISTRATION_EXPIRY_INTERVAL_MS,
      },
      logger,
    );
  }

  protected work(now: Date): Promise<number> {
    return this.expiry.expireDue(SYSTEM_IDENTITY, now);
  }

  protected report(expired: number): void {
    if (expired) this.logger.info({ expired }, 'deal registrations expired');
  }
}
