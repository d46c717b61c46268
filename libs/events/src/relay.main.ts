import 'reflect-metadata';
import { env, loadConfigOrExit } from '@crm/config';
import { DatabaseModule, serviceDataSourceOptions } from '@crm/database';
import { createLogger, ObservabilityModule } from '@crm/observability';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { z } from 'zod';
import { EventsModule } from './events.module';
import { InboxEntity } from './inbox.entity';
import { OutboxEntity } from './outbox.entity';

/**
 * A relay on its own: `node dist/relay.main.js` with a service's DATABASE_URL publishes that
 * service's outbox, as extra relay pods beside the service would. The service provisions the topics.
 */
const config = loadConfigOrExit(
  z.object({
    DATABASE_URL: env.postgresUrl(),
    KAFKA_BROKERS: env.brokers(),
    RELAY_CLIENT_ID: z.string().default('outbox-relay'),
    OUTBOX_POLL_MS: env.positiveInt(100),
    LOG_LEVEL: env.logLevel(),
  }),
);
const logger = createLogger(config.RELAY_CLIENT_ID, config.LOG_LEVEL);

@Module({
  imports: [
    ObservabilityModule.forRoot(logger),
    DatabaseModule.forRoot(
      serviceDataSourceOptions({
        url: config.DATABASE_URL,
        applicationName: config.RELAY_CLIENT_ID,
        entities: [OutboxEntity, InboxEntity],
        migrations: [],
        poolSize: 2,
      }),
    ),
    EventsModule.forRoot({
      brokers: config.KAFKA_BROKERS,
      clientId: config.RELAY_CLIENT_ID,
      produces: [],
      consumes: [],
      pollMs: config.OUTBOX_POLL_MS,
    }),
  ],
})
class RelayModule {}

NestFactory.createApplicationContext(RelayModule, { logger: false }).then(
  (app) => {
    app.enableShutdownHooks();
    logger.info('outbox relay running');
  },
  (err: unknown) => {
    logger.fatal({ err }, 'outbox relay failed to start');
    process.exit(1);
  },
);
