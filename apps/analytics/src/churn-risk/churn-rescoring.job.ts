import { ScheduledJob } from '@crm/subgraph';
import type { AnalyticsConfig } from '../config/analytics.config';
import { ChurnRiskService } from './churn-risk.service';

/**
 * Rescores every customer's churn risk every CHURN_RESCORE_INTERVAL_MS: inactivity grows with no
 * event to say so. Across instances the row locks keep a crossing announced once.
 */
export class ChurnRescoringJob extends ScheduledJob(ChurnRiskService, {
  name: 'churn rescoring job',
  schedule: (config: AnalyticsConfig) => ({ enabled: config.CHURN_RESCORE_ENABLED, intervalMs: config.CHURN_RESCORE_INTERVAL_MS }),
  run: (churnRisk, now) => churnRisk.rescoreAll(now),
  report: (crossed, logger) => crossed && logger.info({ crossed }, 'churn risk rescored; customers crossed the threshold'),
}) {}
