import { serviceDataSourceOptions } from '@crm/database';
import { EVENT_ENTITIES } from '@crm/events';
import type { DataSourceOptions } from 'typeorm';
import { LEAD_ENTITIES } from '../leads/leads.module';
import { MARKETING_MIGRATIONS } from './migrations';

export function dataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({
    url,
    applicationName: 'marketing',
    entities: [...LEAD_ENTITIES, ...EVENT_ENTITIES],
    migrations: MARKETING_MIGRATIONS,
  });
}
