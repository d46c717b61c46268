import { LOGGER, type Logger } from '@crm/observability';
import { IntervalJob, SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { AnalyticsConfig } from '../config/analytics.config';
import { ChurnRiskService } from './churn-risk.service';

/**
 * Rescores every customer's churn risk every CHURN_RESCORE_INTERVAL_MS: inactivity grows with no
 * event to say so. Across instances the row locks keep a crossing announced once.
 */
@Injectable()
export class ChurnRescoringJob extends IntervalJob<number> {
  constructor(
    private readonly churnRisk: ChurnRiskService,
    @Inject(SUBGRAPH_CONFIG) config: AnalyticsConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super({ name: 'churn rescoring job', enabled: config.CHURN_RESCORE_ENABLED, intervalMs: config.CHURN_RESCORE_INTERVAL_MS }, logger);
  }

  protected work(now: Date): Promise<number> {
    return this.churnRisk.rescoreAll(now);
  }

  protected report(crossed: number): void {
    if (crossed) this.logger.info({ crossed }, 'churn risk rescored; customers crossed the threshold');
  }
}
