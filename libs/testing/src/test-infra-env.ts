/** How the global setup tells test workers where the run's Postgres and Kafka are. */
export const PG_ADMIN_URL_ENV = 'CRM_TEST_PG_ADMIN_URL';
export const KAFKA_BROKERS_ENV = 'CRM_TEST_KAFKA_BROKERS';
/** How many test stacks may share the run's Postgres at once: Jest's workers. */
export const TEST_STACKS_ENV = 'CRM_TEST_STACKS';

/**
 * The test run's connections outside its stacks' pools: a file's own look into its databases, the
 * template clones, an integration spec's subgraph beside another worker's stack. Sizes the run's
 * Postgres (with the stacks' shares × the workers) and is checked by each test stack.
 */
export const TEST_CONNECTION_HEADROOM = 40;

/** The test run's connection budget beyond one stack's shares. */
export function testConnectionBudget(): { copies: number; headroom: number } {
  return { copies: Number(process.env[TEST_STACKS_ENV] ?? 1), headroom: TEST_CONNECTION_HEADROOM };
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through the root jest.config.js, whose globalSetup starts Postgres and Kafka`);
  return value;
}
