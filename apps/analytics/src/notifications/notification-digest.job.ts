import { LOGGER, type Logger } from '@crm/observability';
import { IntervalJob, SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { AnalyticsConfig } from '../config/analytics.config';
import { NotificationDigestService } from './notification-digest.service';

/**
 * Every NOTIFICATION_DIGEST_SCAN_INTERVAL_MS, mails the email digests that are due: a user's comes
 * NOTIFICATION_DIGEST_INTERVAL_MS after their last (a day by default), and one the relay refused
 * comes again after a doubling pause. Across instances the claim on each user keeps it one mail.
 */
@Injectable()
export class NotificationDigestJob extends IntervalJob<number> {
  constructor(
    private readonly digests: NotificationDigestService,
    @Inject(SUBGRAPH_CONFIG) config: AnalyticsConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(
      {
        name: 'notification digest job',
        enabled: config.NOTIFICATION_DIGEST_ENABLED,
        intervalMs: config.NOTIFICATION_DIGEST_SCAN_INTERVAL_MS,
      },
      logger,
    );
  }

  protected work(now: Date): Promise<number> {
    return this.digests.sendDue(now);
  }

  protected report(mailed: number): void {
    if (mailed) this.logger.info({ mailed }, 'notification email digests sent');
  }
}
