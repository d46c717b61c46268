import { loadConfigOrExit } from '@crm/config';
import { createLogger, keepIdleConnectionsOpen } from '@crm/observability';
import { gatewayConfigSchema } from './config/gateway.config';
import { createGateway } from './gateway.server';

const config = loadConfigOrExit(gatewayConfigSchema);
const logger = createLogger('gateway', config.LOG_LEVEL);

createGateway(config, logger)
  .then((gateway) => {
    const server = gateway.app.listen(config.PORT, () =>
      logger.info({ port: config.PORT }, `gateway listening on http://localhost:${config.PORT}/graphql`),
    );
    keepIdleConnectionsOpen(server);
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
