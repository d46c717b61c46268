import { serviceDataSourceOptions } from '@crm/database';
import { EVENT_ENTITIES } from '@crm/events';
import type { DataSourceOptions } from 'typeorm';
import { AUDIT_ENTITIES } from '../audit/audit.module';
import { NOTIFICATION_ENTITIES } from '../notifications/notifications.module';
import { TIMELINE_ENTITIES } from '../timeline/timeline.module';
import { ANALYTICS_MIGRATIONS } from './migrations';

export function dataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({
    url,
    applicationName: 'analytics',
    entities: [...TIMELINE_ENTITIES, ...NOTIFICATION_ENTITIES, ...AUDIT_ENTITIES, ...EVENT_ENTITIES],
    migrations: ANALYTICS_MIGRATIONS,
  });
}
