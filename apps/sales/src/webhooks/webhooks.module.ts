import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhookEndpointResolver } from './webhook-endpoint.resolver';
import { WebhookEndpointService } from './webhook-endpoint.service';

/** Webhook endpoints, registered here; the webhook worker delivers to them from their events. */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEndpointEntity])],
  providers: [WebhookEndpointRepository, WebhookEndpointService, WebhookEndpointResolver],
})
export class WebhooksModule {}

export const WEBHOOK_ENTITIES = [WebhookEndpointEntity];
