import { serviceDataSourceOptions } from '@crm/database';
import { EVENT_ENTITIES } from '@crm/events';
import type { DataSourceOptions } from 'typeorm';
import { ACTIVITY_ENTITIES } from '../activities/activities.module';
import { CUSTOMER_ENTITIES } from '../customers/customers.module';
import { NOTE_ENTITIES } from '../notes/notes.module';
import { OPPORTUNITY_ENTITIES } from '../opportunities/opportunities.module';
import { PIPELINE_ENTITIES } from '../pipelines/pipelines.module';
import { PRODUCT_ENTITIES } from '../products/products.module';
import { QUOTE_ENTITIES } from '../quotes/quotes.module';
import { SAVED_VIEW_ENTITIES } from '../saved-views/saved-views.module';
import { SERVICE_ACCOUNT_ENTITIES } from '../service-accounts/service-accounts.module';
import { USER_ENTITIES } from '../users/users.module';
import { WEBHOOK_ENTITIES } from '../webhooks/webhooks.module';
import { SALES_MIGRATIONS } from './migrations';

export function dataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({
    url,
    applicationName: 'sales',
    entities: [
      ...CUSTOMER_ENTITIES,
      ...PIPELINE_ENTITIES,
      ...OPPORTUNITY_ENTITIES,
      ...PRODUCT_ENTITIES,
      ...QUOTE_ENTITIES,
      ...ACTIVITY_ENTITIES,
      ...USER_ENTITIES,
      ...NOTE_ENTITIES,
      ...SAVED_VIEW_ENTITIES,
      ...SERVICE_ACCOUNT_ENTITIES,
      ...WEBHOOK_ENTITIES,
      ...EVENT_ENTITIES,
    ],
    migrations: SALES_MIGRATIONS,
  });
}
