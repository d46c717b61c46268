import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stackConnectionShares } from '@crm/stack';
import { KAFKA_BROKERS_ENV, PG_ADMIN_URL_ENV, TEST_CONNECTION_HEADROOM, TEST_STACKS_ENV } from './test-infra-env';

interface Running {
  stop(): Promise<void>;
}

export interface TestInfra {
  postgres: Running;
  kafka: Running;
  dir: string | null;
}

declare global {
  var __CRM_TEST_INFRA__: TestInfra | undefined;
}

/**
 * One Postgres and one Kafka broker for the whole test run: the embedded ones by default, or
 * containers with TEST_INFRA=containers. Workers inherit their addresses through the environment.
 */
export default async function globalSetup(globalConfig?: { maxWorkers?: number }): Promise<void> {
  // Each worker may run a test stack at once, all on this one server: it is sized for all of them.
  const stacks = Math.max(1, globalConfig?.maxWorkers ?? 1);
  process.env[TEST_STACKS_ENV] = String(stacks);
  const maxConnections = await testMaxConnections(stacks);
  const infra = process.env.TEST_INFRA === 'containers' ? await startContainers(maxConnections) : await startEmbedded(maxConnections);
  globalThis.__CRM_TEST_INFRA__ = infra;
}

/** max_connections for `stacks` test stacks at once and the run's other connections (see testConnectionBudget). */
async function testMaxConnections(stacks: number): Promise<number> {
  const { requiredMaxConnections } = await import('@crm/embedded-postgres');
  return requiredMaxConnections({ shares: stackConnectionShares(), copies: stacks, headroom: TEST_CONNECTION_HEADROOM });
}

async function startEmbedded(maxConnections: number): Promise<TestInfra> {
  // Loaded here, in Jest's parent process, where Node itself loads these ES modules.
  const { startPostgres } = await import('@crm/embedded-postgres');
  const { start } = await import('@crm/kafka-dev-broker');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-test-'));
  // The cluster is thrown away after the run: no fsync makes creating and cloning databases cheaper.
  const started = await Promise.allSettled([
    startPostgres({ dataDir: path.join(dir, 'postgres'), port: 0, fsync: false, maxConnections }),
    start({ port: 0 }),
  ]);
  const [pgResult, kafkaResult] = started;
  if (pgResult.status === 'rejected' || kafkaResult.status === 'rejected') {
    await Promise.allSettled(started.flatMap((r) => (r.status === 'fulfilled' ? [r.value.stop()] : [])));
    fs.rmSync(dir, { recursive: true, force: true });
    throw pgResult.status === 'rejected' ? pgResult.reason : (kafkaResult as PromiseRejectedResult).reason;
  }
  const [postgres, kafka] = [pgResult.value, kafkaResult.value];
  process.env[PG_ADMIN_URL_ENV] = postgres.adminUrl();
  process.env[KAFKA_BROKERS_ENV] = kafka.brokers.join(',');
  return { postgres, kafka, dir };
}

// The slice of testcontainers' API used here; the packages are optional and not installed by default.
interface Started {
  getHost(): string;
  getMappedPort(port: number): number;
  stop(): Promise<unknown>;
}
interface Builder {
  withUsername(u: string): Builder;
  withPassword(p: string): Builder;
  withKraft(): Builder;
  withCommand(command: string[]): Builder;
  withEnvironment(env: Record<string, string>): Builder;
  start(): Promise<Started>;
}
type ContainerModule = Record<string, new (image: string) => Builder>;

// For people with a Docker engine; not exercised on machines without one (such as this project's CI).
async function startContainers(maxConnections: number): Promise<TestInfra> {
  let pgModule: ContainerModule;
  let kafkaModule: ContainerModule;
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    pgModule = require('@testcontainers/postgresql') as ContainerModule;
    kafkaModule = require('@testcontainers/kafka') as ContainerModule;
    /* eslint-enable @typescript-eslint/no-require-imports */
  } catch {
    throw new Error('TEST_INFRA=containers needs: npm i -D testcontainers @testcontainers/postgresql @testcontainers/kafka');
  }
  const [postgres, kafka] = await Promise.all([
    new pgModule.PostgreSqlContainer!('postgres:18-alpine')
      .withUsername('postgres')
      .withPassword('postgres')
      .withCommand(['postgres', '-c', `max_connections=${maxConnections}`])
      .start(),
    // Apache Kafka in KRaft mode, as in docker-compose.yml; topics are provisioned by the services.
    new kafkaModule.KafkaContainer!('confluentinc/cp-kafka:7.9.0')
      .withKraft()
      .withEnvironment({ KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false' })
      .start(),
  ]);
  process.env[PG_ADMIN_URL_ENV] = `postgres://postgres:postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/postgres`;
  process.env[KAFKA_BROKERS_ENV] = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
  return {
    postgres: { stop: async () => void (await postgres.stop()) },
    kafka: { stop: async () => void (await kafka.stop()) },
    dir: null,
  };
}
