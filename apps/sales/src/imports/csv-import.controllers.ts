import { ACCESS_MATRIX } from '@crm/auth';
import { csvImportController } from '@crm/subgraph';
import { ContactImportService } from './contact-import.service';
import { SalesImportJob } from './csv-import.job';
import { CustomerImportService } from './customer-import.service';

/**
 * Customer and contact CSV imports over plain HTTP, reached through the gateway with the caller's
 * token (the roles that write sales upload, those that read it follow): POST /imports/customers,
 * GET /imports/customers/<id> for progress, GET /imports/customers/<id>/failed-rows.csv; the
 * same below /imports/contacts.
 */
export const CustomerImportController = csvImportController(
  'CustomerImportController',
  'imports/customers',
  CustomerImportService,
  SalesImportJob,
  ACCESS_MATRIX.sales,
);

export const ContactImportController = csvImportController(
  'ContactImportController',
  'imports/contacts',
  ContactImportService,
  SalesImportJob,
  ACCESS_MATRIX.sales,
);
