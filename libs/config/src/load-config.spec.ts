import { z } from 'zod';
import { ConfigError, env, loadConfig, serviceEnvShape } from '.';

const schema = z.object({ ...serviceEnvShape, PORT: env.port(4001) });

describe('loadConfig', () => {
  const valid = { DATABASE_URL: 'postgres://sales:pw@localhost:5432/sales', KAFKA_BROKERS: 'localhost:9092, kafka:9093' };

  it('parses and types a valid environment, applying defaults', () => {
    expect(loadConfig(schema, valid)).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: valid.DATABASE_URL,
      KAFKA_BROKERS: ['localhost:9092', 'kafka:9093'],
      OUTBOX_POLL_MS: 100,
      DATABASE_POOL_SIZE: 10,
      AUTH_ISSUER: 'crm',
      AUTH_AUDIENCE: 'crm',
      INTROSPECTION: false,
      METRICS_PORT: 0,
      PORT: 4001,
    });
  });

  it('names every missing or malformed variable', () => {
    const err = (() => {
      try {
        loadConfig(schema, { KAFKA_BROKERS: 'no-port', PORT: 'eighty' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.problems).toEqual([
      'DATABASE_URL: is required',
      'KAFKA_BROKERS="no-port": must be a comma-separated list of host:port',
      expect.stringMatching(/^PORT="eighty": /),
    ]);
    expect(err.message).toContain('Invalid environment');
  });
});
