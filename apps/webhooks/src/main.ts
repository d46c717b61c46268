import { loadConfigOrExit } from '@crm/config';
import { createLogger, startTracing } from '@crm/observability';
import { runMigrateCommand } from '@crm/subgraph';
import { webhooksConfigSchema } from './config/webhooks.config';
import { dataSourceOptions } from './database/data-source';
import { startWebhooksWorker } from './webhooks.worker';

/** `node main.js` runs the worker; `node main.js migrate [--check]` as for the subgraphs. */
const config = loadConfigOrExit(webhooksConfigSchema);
const logger = createLogger('webhooks', config.LOG_LEVEL);
const command = process.argv[2] ?? 'serve';

async function run(): Promise<void> {
  if (command === 'migrate') return runMigrateCommand(dataSourceOptions(config.DATABASE_URL), logger);
  if (command !== 'serve') throw new Error(`unknown command "${command}"; use "serve" or "migrate"`);
  await startTracing('webhooks', config.OTEL_EXPORTER_OTLP_ENDPOINT);
  const { metricsPort } = await startWebhooksWorker(config, logger);
  logger.info({ port: config.PORT, metricsPort }, `webhook worker running (health on port ${config.PORT}, metrics on ${metricsPort})`);
}

run().catch((err: unknown) => {
  logger.fatal({ err }, `webhooks failed to ${command}`);
  process.exit(1);
});
