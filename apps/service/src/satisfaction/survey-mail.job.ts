import { LOGGER, type Logger } from '@crm/observability';
import { IntervalJob, SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { ServiceConfig } from '../config/service.config';
import { CaseSatisfactionService } from './case-satisfaction.service';

/**
 * Every SURVEY_MAIL_INTERVAL_MS, mails the surveys still due: the ones the relay refused, whose
 * contact had no address yet, or whose send right after the resolution never ran (a restart).
 */
@Injectable()
export class SurveyMailJob extends IntervalJob<number> {
  constructor(
    private readonly satisfaction: CaseSatisfactionService,
    @Inject(SUBGRAPH_CONFIG) config: ServiceConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super({ name: 'survey mail', enabled: config.SURVEY_MAIL_ENABLED, intervalMs: config.SURVEY_MAIL_INTERVAL_MS }, logger);
  }

  protected work(now: Date): Promise<number> {
    return this.satisfaction.mailDue(now);
  }

  protected report(mailed: number): void {
    if (mailed) this.logger.info({ mailed }, 'satisfaction surveys mailed on a retry');
  }
}
