import { LOGGER, type Logger } from '@crm/observability';
import { CsvImportJob, SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { MarketingConfig } from '../config/marketing.config';
import { LeadImportService } from './lead-import.service';

/** Applies staged lead imports every LEAD_IMPORT_POLL_MS (which resumes one after a restart), and at once after an upload. */
@Injectable()
export class LeadImportJob extends CsvImportJob {
  constructor(leads: LeadImportService, @Inject(SUBGRAPH_CONFIG) config: MarketingConfig, @Inject(LOGGER) logger: Logger) {
    super(
      [leads.imports],
      { name: 'lead import job', enabled: config.LEAD_IMPORT_ENABLED, intervalMs: config.LEAD_IMPORT_POLL_MS },
      logger,
    );
  }
}
