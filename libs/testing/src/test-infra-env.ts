/** How the global setup tells test workers where the run's Postgres and Kafka are. */
export const PG_ADMIN_URL_ENV = 'CRM_TEST_PG_ADMIN_URL';
export const KAFKA_BROKERS_ENV = 'CRM_TEST_KAFKA_BROKERS';

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through the root jest.config.js, whose globalSetup starts Postgres and Kafka`);
  return value;
}
