import { ScheduledJob } from '@crm/subgraph';
import type { ServiceConfig } from '../config/service.config';
import { CaseSatisfactionService } from './case-satisfaction.service';

/**
 * Every SURVEY_MAIL_INTERVAL_MS, mails the surveys still due: the ones the relay refused, whose
 * contact had no address yet, or whose send right after the resolution never ran (a restart).
 */
export class SurveyMailJob extends ScheduledJob(CaseSatisfactionService, {
  name: 'survey mail',
  schedule: (config: ServiceConfig) => ({ enabled: config.SURVEY_MAIL_ENABLED, intervalMs: config.SURVEY_MAIL_INTERVAL_MS }),
  run: (satisfaction, now) => satisfaction.mailDue(now),
  report: (mailed, logger) => mailed && logger.info({ mailed }, 'satisfaction surveys mailed on a retry'),
}) {}
