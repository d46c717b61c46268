import { loadConfigOrExit } from '@crm/config';
import { createLogger, startTracing } from '@crm/observability';
import { runAppCommand } from '@crm/subgraph';
import { webhooksConfigSchema } from './config/webhooks.config';
import { dataSourceOptions } from './database/data-source';
import { startWebhooksWorker } from './webhooks.worker';

/** `node main.js` runs the worker; `serve --migrate`, `migrate [--check]` and `restored --since` as for the subgraphs. */
const config = loadConfigOrExit(webhooksConfigSchema);
const logger = createLogger('webhooks', config.LOG_LEVEL);

runAppCommand(
  'webhooks',
  logger,
  () => dataSourceOptions(config.DATABASE_URL),
  () => config.KAFKA_BROKERS,
  async () => {
    await startTracing('webhooks', config.OTEL_EXPORTER_OTLP_ENDPOINT);
    const { metricsPort } = await startWebhooksWorker(config, logger);
    logger.info({ port: config.PORT, metricsPort }, `webhook worker running (health on port ${config.PORT}, metrics on ${metricsPort})`);
  },
);
