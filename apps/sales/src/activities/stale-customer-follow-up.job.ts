import { SYSTEM_IDENTITY } from '@crm/auth';
import { LOGGER, type Logger } from '@crm/observability';
import { IntervalJob, SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { SalesConfig } from '../config/sales.config';
import { StaleCustomerFollowUpService, type FollowUpRun } from './stale-customer-follow-up.service';

/**
 * Runs the stale-customer follow-up every FOLLOW_UP_JOB_INTERVAL_MS, as the system (jobs have no request identity).
 * Runs never overlap in one process; across instances the (customer, window) key keeps the result the same.
 */
@Injectable()
export class StaleCustomerFollowUpJob extends IntervalJob<FollowUpRun> {
  constructor(
    private readonly followUps: StaleCustomerFollowUpService,
    @Inject(SUBGRAPH_CONFIG) config: SalesConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    const schedule = { enabled: config.FOLLOW_UP_JOB_ENABLED, intervalMs: config.FOLLOW_UP_JOB_INTERVAL_MS };
    super({ name: 'stale-customer follow-up job', ...schedule }, logger);
  }

  protected work(now: Date): Promise<FollowUpRun> {
    return this.followUps.run(SYSTEM_IDENTITY, now);
  }

  protected report(run: FollowUpRun): void {
    if (run.activityIds.length) this.logger.info({ ...run, created: run.activityIds.length }, 'stale-customer follow-ups created');
  }
}
