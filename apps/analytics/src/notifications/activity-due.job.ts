import { LOGGER, type Logger } from '@crm/observability';
import { IntervalJob, SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { AnalyticsConfig } from '../config/analytics.config';
import { NotificationRepository } from './notification.repository';

/**
 * Every ACTIVITY_DUE_SCAN_INTERVAL_MS, tells the owners of open activities due within
 * ACTIVITY_DUE_SOON_MS: no event says that time is running out. Across instances and restarts the
 * notification's key (activity and due time) keeps each told once.
 */
@Injectable()
export class ActivityDueJob extends IntervalJob<number> {
  private readonly windowMs: number;

  constructor(
    private readonly notifications: NotificationRepository,
    @Inject(SUBGRAPH_CONFIG) config: AnalyticsConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(
      { name: 'activity due-soon job', enabled: config.ACTIVITY_DUE_SCAN_ENABLED, intervalMs: config.ACTIVITY_DUE_SCAN_INTERVAL_MS },
      logger,
    );
    this.windowMs = config.ACTIVITY_DUE_SOON_MS;
  }

  protected work(now: Date): Promise<number> {
    return this.notifications.notifyDueSoon(now, this.windowMs);
  }

  protected report(told: number): void {
    if (told) this.logger.info({ told }, 'activity owners told their activities are due soon');
  }
}
