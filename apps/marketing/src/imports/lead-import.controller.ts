import { ACCESS_MATRIX } from '@crm/auth';
import { csvImportController } from '@crm/subgraph';
import { LeadImportJob } from './lead-import.job';
import { LeadImportService } from './lead-import.service';

/**
 * Lead CSV imports over plain HTTP, reached through the gateway with the caller's token (the roles
 * that write marketing upload, those that read it follow): POST /imports/leads, GET
 * /imports/leads/<id> for progress, GET /imports/leads/<id>/failed-rows.csv.
 */
export const LeadImportController = csvImportController(
  'LeadImportController',
  'imports/leads',
  LeadImportService,
  LeadImportJob,
  ACCESS_MATRIX.marketing,
);
