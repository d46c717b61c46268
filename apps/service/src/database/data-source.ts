import { serviceDataSourceOptions } from '@crm/database';
import { EVENT_ENTITIES } from '@crm/events';
import { CONTACT_REFERENCE_ENTITIES, PRODUCT_REFERENCE_ENTITIES, REFERENCE_ENTITIES } from '@crm/references';
import type { DataSourceOptions } from 'typeorm';
import { CASE_ENTITIES } from '../cases/cases.module';
import { CUSTOMER_TIER_ENTITIES } from '../customer-tiers/customer-tiers.module';
import { KNOWLEDGE_ENTITIES } from '../knowledge/knowledge.module';
import { RETURN_ENTITIES } from '../returns/returns.module';
import { QUEUE_ENTITIES } from '../queues/queues.module';
import { SATISFACTION_ENTITIES } from '../satisfaction/satisfaction.module';
import { SLA_ENTITIES } from '../sla/sla.module';
import { SERVICE_MIGRATIONS } from './migrations';

export function dataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({
    url,
    applicationName: 'service',
    entities: [
      ...CASE_ENTITIES,
      ...QUEUE_ENTITIES,
      ...SLA_ENTITIES,
      ...KNOWLEDGE_ENTITIES,
      ...SATISFACTION_ENTITIES,
      ...RETURN_ENTITIES,
      ...CUSTOMER_TIER_ENTITIES,
      ...REFERENCE_ENTITIES,
      ...PRODUCT_REFERENCE_ENTITIES,
      ...CONTACT_REFERENCE_ENTITIES,
      ...EVENT_ENTITIES,
    ],
    migrations: SERVICE_MIGRATIONS,
  });
}
