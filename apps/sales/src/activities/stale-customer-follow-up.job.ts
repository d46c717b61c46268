import { SYSTEM_IDENTITY } from '@crm/auth';
import { LOGGER, type Logger } from '@crm/observability';
import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { SalesConfig } from '../config/sales.config';
import { StaleCustomerFollowUpService, type FollowUpRun } from './stale-customer-follow-up.service';

/**
 * Runs the stale-customer follow-up every FOLLOW_UP_JOB_INTERVAL_MS, as the system (jobs have no request identity).
 * Runs never overlap in one process; across instances the (customer, window) key keeps the result the same.
 */
@Injectable()
export class StaleCustomerFollowUpJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<FollowUpRun> | null = null;

  constructor(
    private readonly followUps: StaleCustomerFollowUpService,
    @Inject(SUBGRAPH_CONFIG) private readonly config: SalesConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.FOLLOW_UP_JOB_ENABLED) return;
    this.timer = setInterval(() => void this.tick(), this.config.FOLLOW_UP_JOB_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One run now, as the system; a run already in progress is awaited rather than doubled. */
  runOnce(now = new Date()): Promise<FollowUpRun> {
    if (this.running) return this.running;
    this.running = this.followUps.run(SYSTEM_IDENTITY, now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async tick(): Promise<void> {
    try {
      const run = await this.runOnce();
      if (run.activityIds.length) this.logger.info({ ...run, created: run.activityIds.length }, 'stale-customer follow-ups created');
    } catch (err) {
      this.logger.error({ err }, 'stale-customer follow-up job failed; it runs again at the next interval');
    }
  }
}
