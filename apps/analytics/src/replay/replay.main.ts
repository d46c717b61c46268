import 'reflect-metadata';
import { loadConfigOrExit } from '@crm/config';
import { createLogger } from '@crm/observability';
import { analyticsConfigSchema } from '../config/analytics.config';
import { replayAnalytics } from './replay';

/** `node dist/replay/replay.main.js` with DATABASE_URL naming a fresh database: prints the rebuilt read models' checksum. */
const config = loadConfigOrExit(analyticsConfigSchema);
const logger = createLogger('analytics-replay', config.LOG_LEVEL);
replayAnalytics({ databaseUrl: config.DATABASE_URL, brokers: config.KAFKA_BROKERS, logger, churn: config }).then(
  (checksum) => {
    logger.info({ checksum }, 'read models rebuilt');
    process.stdout.write(`${checksum}\n`);
  },
  (err: unknown) => {
    logger.fatal({ err }, 'replay failed');
    process.exit(1);
  },
);
