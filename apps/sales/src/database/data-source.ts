import { serviceDataSourceOptions } from '@crm/database';
import { EVENT_ENTITIES } from '@crm/events';
import type { DataSourceOptions } from 'typeorm';
import { CUSTOMER_ENTITIES } from '../customers/customers.module';
import { SALES_MIGRATIONS } from './migrations';

export function dataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({
    url,
    applicationName: 'sales',
    entities: [...CUSTOMER_ENTITIES, ...EVENT_ENTITIES],
    migrations: SALES_MIGRATIONS,
  });
}
