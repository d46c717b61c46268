import { SYSTEM_IDENTITY } from '@crm/auth';
import { LOGGER, type Logger } from '@crm/observability';
import { IntervalJob, SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { ServiceConfig } from '../config/service.config';
import { SlaService } from './sla.service';

/**
 * Runs the SLA watcher every SLA_WATCH_INTERVAL_MS, as the system. Runs never overlap in one
 * process; across instances SKIP LOCKED splits the work and a breach is marked once.
 */
@Injectable()
export class SlaWatcherJob extends IntervalJob<number> {
  /** How long the last run took, for its log line (what an operator and the bench read). */
  private lastRunMs = 0;

  constructor(
    private readonly sla: SlaService,
    @Inject(SUBGRAPH_CONFIG) config: ServiceConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super({ name: 'SLA watcher', enabled: config.SLA_WATCH_ENABLED, intervalMs: config.SLA_WATCH_INTERVAL_MS }, logger);
  }

  protected async work(now: Date): Promise<number> {
    const started = performance.now();
    const marked = await this.sla.watch(SYSTEM_IDENTITY, now);
    this.lastRunMs = Math.round(performance.now() - started);
    return marked;
  }

  protected report(marked: number): void {
    if (marked) this.logger.info({ marked, ms: this.lastRunMs }, 'SLA breaches marked');
  }
}
