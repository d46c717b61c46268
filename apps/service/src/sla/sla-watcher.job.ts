import { SYSTEM_IDENTITY } from '@crm/auth';
import { ScheduledJob } from '@crm/subgraph';
import type { ServiceConfig } from '../config/service.config';
import { SlaService } from './sla.service';

/**
 * Runs the SLA watcher every SLA_WATCH_INTERVAL_MS, as the system. Runs never overlap in one
 * process; across instances SKIP LOCKED splits the work and a breach is marked once. The log line
 * carries how long the run took: what an operator and the bench read.
 */
export class SlaWatcherJob extends ScheduledJob(SlaService, {
  name: 'SLA watcher',
  schedule: (config: ServiceConfig) => ({ enabled: config.SLA_WATCH_ENABLED, intervalMs: config.SLA_WATCH_INTERVAL_MS }),
  run: (sla, now) => sla.watch(SYSTEM_IDENTITY, now),
  report: (marked, logger, ms) => marked && logger.info({ marked, ms }, 'SLA breaches marked'),
}) {}
