import { LOGGER, type Logger } from '@crm/observability';
import { CsvImportJob, SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { SalesConfig } from '../config/sales.config';
import { ContactImportService } from './contact-import.service';
import { CustomerImportService } from './customer-import.service';

/**
 * Applies staged customer and contact imports every IMPORT_POLL_MS (which resumes one after a restart), and at
 * once after an upload.
 */
@Injectable()
export class SalesImportJob extends CsvImportJob {
  constructor(
    customers: CustomerImportService,
    contacts: ContactImportService,
    @Inject(SUBGRAPH_CONFIG) config: SalesConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(
      // Customers first: a contact file may name customers its customer file brings.
      [customers.imports, contacts.imports],
      { name: 'sales import job', enabled: config.IMPORT_ENABLED, intervalMs: config.IMPORT_POLL_MS },
      logger,
    );
  }
}
