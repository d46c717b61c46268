import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity';
import { WebhookDeliveryAttemptRepository } from './webhook-delivery-attempt.repository';
import { WebhookDeliveryConsumer } from './webhook-delivery.consumer';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhookEndpointResolver } from './webhook-endpoint.resolver';
import { WebhookEndpointService } from './webhook-endpoint.service';

/** Webhook endpoints, registered here; the webhook worker delivers to them from their events and reports back its attempts. */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEndpointEntity, WebhookDeliveryAttemptEntity])],
  providers: [
    WebhookEndpointRepository,
    WebhookDeliveryAttemptRepository,
    WebhookEndpointService,
    WebhookEndpointResolver,
    WebhookDeliveryConsumer,
  ],
})
export class WebhooksModule {}

export const WEBHOOK_ENTITIES = [WebhookEndpointEntity, WebhookDeliveryAttemptEntity];
