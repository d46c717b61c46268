import { SYSTEM_IDENTITY } from '@crm/auth';
import { ScheduledJob } from '@crm/subgraph';
import type { SalesConfig } from '../config/sales.config';
import { StaleCustomerFollowUpService } from './stale-customer-follow-up.service';

/**
 * Runs the stale-customer follow-up every FOLLOW_UP_JOB_INTERVAL_MS, as the system (jobs have no request identity).
 * Runs never overlap in one process; across instances the (customer, window) key keeps the result the same.
 */
export class StaleCustomerFollowUpJob extends ScheduledJob(StaleCustomerFollowUpService, {
  name: 'stale-customer follow-up job',
  schedule: (config: SalesConfig) => ({ enabled: config.FOLLOW_UP_JOB_ENABLED, intervalMs: config.FOLLOW_UP_JOB_INTERVAL_MS }),
  run: (followUps, now) => followUps.run(SYSTEM_IDENTITY, now),
  report: (run, logger) =>
    run.activityIds.length && logger.info({ ...run, created: run.activityIds.length }, 'stale-customer follow-ups created'),
}) {}
