import { loadConfigOrExit } from '@crm/config';
import { createLogger, startTracing } from '@crm/observability';
import { gatewayConfigSchema } from './config/gateway.config';
import { createGateway } from './gateway.server';

const config = loadConfigOrExit(gatewayConfigSchema);
const logger = createLogger('gateway', config.LOG_LEVEL);

startTracing('gateway', config.OTEL_EXPORTER_OTLP_ENDPOINT)
  .then(() => createGateway(config, logger))
  .then((gateway) => {
    const server = gateway.app.listen(config.PORT, () =>
      logger.info({ port: config.PORT }, `gateway listening on http://localhost:${config.PORT}/graphql`),
    );
    const shutdown = () => {
      server.close();
      void gateway.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  })
  .catch((err: unknown) => {
    logger.fatal({ err }, 'gateway failed to start');
    process.exit(1);
  });
