import { serviceDataSourceOptions } from '@crm/database';
import { EVENT_ENTITIES } from '@crm/events';
import { PRODUCT_REFERENCE_ENTITIES, REFERENCE_ENTITIES } from '@crm/references';
import type { DataSourceOptions } from 'typeorm';
import { COMMISSION_ENTITIES } from '../commissions/commissions.module';
import { CUSTOMER_MERGE_ENTITIES } from '../customer-merges/customer-merges.module';
import { DEAL_REGISTRATION_ENTITIES } from '../deal-registrations/deal-registrations.module';
import { LEAD_DISTRIBUTION_ENTITIES } from '../lead-distribution/lead-distribution.module';
import { PARTNER_ENTITIES } from '../partners/partners.module';
import { PARTNERS_MIGRATIONS } from './migrations';

export function dataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({
    url,
    applicationName: 'partners',
    entities: [
      ...PARTNER_ENTITIES,
      ...DEAL_REGISTRATION_ENTITIES,
      ...COMMISSION_ENTITIES,
      ...CUSTOMER_MERGE_ENTITIES,
      ...LEAD_DISTRIBUTION_ENTITIES,
      ...REFERENCE_ENTITIES,
      ...PRODUCT_REFERENCE_ENTITIES,
      ...EVENT_ENTITIES,
    ],
    migrations: PARTNERS_MIGRATIONS,
  });
}
