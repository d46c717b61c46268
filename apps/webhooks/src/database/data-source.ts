import { serviceDataSourceOptions } from '@crm/database';
import { EVENT_ENTITIES } from '@crm/events';
import type { DataSourceOptions } from 'typeorm';
import { WebhookDeliveryAttemptEntity } from '../deliveries/webhook-delivery-attempt.entity';
import { WebhookDeliveryEntity } from '../deliveries/webhook-delivery.entity';
import { WebhookEndpointEntity } from '../endpoints/webhook-endpoint.entity';
import { WEBHOOKS_MIGRATIONS } from './migrations';

export function dataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({
    url,
    applicationName: 'webhooks',
    entities: [WebhookEndpointEntity, WebhookDeliveryEntity, WebhookDeliveryAttemptEntity, ...EVENT_ENTITIES],
    migrations: WEBHOOKS_MIGRATIONS,
  });
}
