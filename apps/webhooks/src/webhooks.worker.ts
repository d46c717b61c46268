import 'reflect-metadata';
import type { Server } from 'node:http';
import { topicSpec, WEBHOOKS_DELIVERY_TOPIC } from '@crm/contracts';
import { DatabaseModule } from '@crm/database';
import { EventsModule } from '@crm/events';
import {
  createLogger,
  Metrics,
  ObservabilityModule,
  PinoNestLogger,
  serveMetrics,
  useHttpObservability,
  type Logger,
} from '@crm/observability';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { withPoolSize } from '@crm/subgraph';
import type { WebhooksConfig } from './config/webhooks.config';
import { WEBHOOKS_CONFIG } from './config/webhooks-config.token';
import { dataSourceOptions } from './database/data-source';
import { DELIVERABLE_EVENTS, WebhookDeliveryConsumer } from './deliveries/webhook-delivery.consumer';
import { WebhookDeliveryRepository } from './deliveries/webhook-delivery.repository';
import { WebhookDispatcher } from './deliveries/webhook-dispatcher';
import { WebhookEndpointConsumer } from './endpoints/webhook-endpoint.consumer';
import { WebhookEndpointRepository } from './endpoints/webhook-endpoint.repository';

/** What the worker writes (its attempts) and reads (every topic whose events an endpoint may choose, sales' endpoints among them). */
export const WEBHOOKS_WORKER_TOPICS = {
  produces: [topicSpec(WEBHOOKS_DELIVERY_TOPIC)],
  consumes: [...new Set(DELIVERABLE_EVENTS.map((c) => c.topic))].sort().map((t) => topicSpec(t)),
};

function rootModule(config: WebhooksConfig, logger: Logger): DynamicModule {
  @Module({})
  class WebhooksWorkerModule {}
  return {
    module: WebhooksWorkerModule,
    imports: [
      ObservabilityModule.forRoot(logger),
      DatabaseModule.forRoot(withPoolSize(dataSourceOptions(config.DATABASE_URL), config.DATABASE_POOL_SIZE)),
      EventsModule.forRoot({
        brokers: config.KAFKA_BROKERS,
        clientId: 'webhooks',
        ...WEBHOOKS_WORKER_TOPICS,
        pollMs: config.OUTBOX_POLL_MS,
      }),
    ],
    providers: [
      { provide: WEBHOOKS_CONFIG, useValue: config },
      WebhookEndpointRepository,
      WebhookDeliveryRepository,
      WebhookEndpointConsumer,
      WebhookDeliveryConsumer,
      WebhookDispatcher,
    ],
  };
}

export interface RunningWorker {
  app: INestApplication;
  /** The port of /metrics, apart from the health checks'; closed with the app. */
  metricsPort: number;
}

/**
 * The worker: consumer groups that keep the endpoints and queue deliveries, the dispatcher that
 * sends them, /health/live and /health/ready (database, Kafka, consumer groups) on PORT and
 * /metrics on METRICS_PORT, as every app has. It serves no API: it is not a subgraph.
 */
export async function startWebhooksWorker(
  config: WebhooksConfig,
  logger = createLogger('webhooks', config.LOG_LEVEL),
): Promise<RunningWorker> {
  const app = await NestFactory.create(rootModule(config, logger), { logger: new PinoNestLogger(logger), bodyParser: false });
  useHttpObservability(app, logger);
  app.enableShutdownHooks();
  const metrics = await serveMetrics(app.get(Metrics), config.METRICS_PORT);
  (app.getHttpServer() as Server).once('close', () => void metrics.close());
  await app.listen(config.PORT);
  return { app, metricsPort: metrics.port };
}
