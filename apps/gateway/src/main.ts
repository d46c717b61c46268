import { loadConfigOrExit } from '@crm/config';
import { createLogger, keepIdleConnectionsOpen, serveMetrics, startTracing } from '@crm/observability';
import { gatewayConfigSchema } from './config/gateway.config';
import { createGateway } from './gateway.server';

const config = loadConfigOrExit(gatewayConfigSchema);
const logger = createLogger('gateway', config.LOG_LEVEL);

startTracing('gateway', config.OTEL_EXPORTER_OTLP_ENDPOINT)
  .then(() => createGateway(config, logger))
  .then(async (gateway) => {
    const metrics = await serveMetrics(gateway.metrics, config.METRICS_PORT);
    const server = gateway.app.listen(config.PORT, () =>
      logger.info(
        { port: config.PORT, metricsPort: metrics.port },
        `gateway listening on http://localhost:${config.PORT}/graphql (metrics on port ${metrics.port})`,
      ),
    );
    keepIdleConnectionsOpen(server);
    const shutdown = () => {
      server.close();
      void Promise.all([gateway.stop(), metrics.close()]).then(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  })
  .catch((err: unknown) => {
    logger.fatal({ err }, 'gateway failed to start');
    process.exit(1);
  });
