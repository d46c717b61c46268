import * as fs from 'node:fs';
import { resolverClassesOf, resolversWithoutAccessDecision } from '@crm/auth';
import { pendingSchemaChanges, runMigrations } from '@crm/database';
import { printServedSchema } from '@crm/graphql';
import { startSubgraph, type SubgraphConfig, type SubgraphDefinition } from '@crm/subgraph';
import type { INestApplication } from '@nestjs/common';
import type { Client } from 'pg';
import { startCustomerOwnerDouble, type CustomerOwnerDouble } from './customer-owner-double';
import { eventSender, type EventSender } from './event-sender';
import {
  createTestDatabase,
  graphqlClient,
  queryRows,
  withPgClient,
  startOwnBroker,
  testContext,
  testSigningKey,
  type Caller,
  type Gql,
  type TestContext,
  type TestDatabase,
} from '@crm/testing';

export interface TestSubgraph {
  app: INestApplication;
  /** The subgraph's /graphql URL. */
  url: string;
  /** Its /metrics URL, on the metrics port (METRICS_PORT), apart from /graphql. */
  metricsUrl: string;
  db: TestDatabase;
  /** The Kafka brokers it uses: its own unless the caller passed some. */
  brokers: string[];
  /** Sales as this subgraph asks it about customer ids (SALES_URL): knows only the customers a test adds. */
  customers: CustomerOwnerDouble;
  /** Sends other services' events to its brokers, as their relays would; closed with the subgraph. */
  events: EventSender;
  /** Builders of test data through this subgraph, as an admin; customers come from sales or, elsewhere, the sales double. */
  ctx: TestContext;
  /** Calls as an admin. */
  gql: Gql;
  /** Calls as someone else: a partner, another role, or nobody (null). */
  gqlAs(caller: Caller): Gql;
  /** Runs SQL as the superuser, past row-level security, to check what was (not) written. */
  sql<R>(text: string, params?: unknown[]): Promise<R[]>;
  /**
   * Runs `work` as the application role, as the service connects, inside one transaction with
   * `app.partner_id` set to `setting` (or not set at all for null), rolled back after: what
   * row-level security lets a partner's SQL see and change.
   */
  asApp<T>(setting: string | null, work: (c: Client) => Promise<T>): Promise<T>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * A subgraph as it runs in production, on a fresh test database and the run's broker. Its
 * settings go through the service's own config schema, as they do at boot.
 */
export async function startTestSubgraph<C extends SubgraphConfig>(
  def: SubgraphDefinition<C>,
  opts: { poolSize?: number; brokers?: string[]; env?: Record<string, string> } = {},
): Promise<TestSubgraph> {
  const { publicKeysFile } = await testSigningKey();
  // A broker of its own unless given one: parallel test files would otherwise share consumer
  // groups and apply each other's events to the wrong databases.
  const ownBroker = opts.brokers ? null : await startOwnBroker();
  const brokers = opts.brokers ?? ownBroker!.brokers;
  const customers = await startCustomerOwnerDouble();
  const db = await createTestDatabase({ template: def.name, migrate: async (url) => void (await runMigrations(def.dataSource(url))) });
  const config = def.configSchema.parse({
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    KAFKA_BROKERS: brokers.join(','),
    OUTBOX_POLL_MS: '20',
    AUTH_PUBLIC_KEYS_FILE: publicKeysFile,
    // Ignored by the subgraphs whose writes name no customer.
    SALES_URL: customers.url,
    ...(opts.poolSize ? { DATABASE_POOL_SIZE: String(opts.poolSize) } : {}),
    ...opts.env,
  });
  const { app, metricsPort } = await startSubgraph(def, config);
  const url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/graphql`;
  const sql = <R>(text: string, params: unknown[] = []): Promise<R[]> => queryRows<R>(db.adminUrl, text, params);
  const events = eventSender(brokers);
  return {
    app,
    url,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    db,
    brokers,
    customers,
    events,
    ctx: testContext(graphqlClient(url), def.name === 'sales' ? {} : { customerId: async () => customers.add() }),
    gql: graphqlClient(url),
    gqlAs: (caller) => graphqlClient(url, caller),
    sql,
    asApp: (setting, work) =>
      withPgClient(db.url, async (c) => {
        try {
          await c.query('BEGIN');
          if (setting !== null) await c.query(`SELECT set_config('app.partner_id', $1, true)`, [setting]);
          return await work(c);
        } finally {
          await c.query('ROLLBACK').catch(() => undefined);
        }
      }),
    count: async (table) => Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n),
    close: async () => {
      await events.close();
      await app.close();
      await customers.close();
      await db.drop();
      await ownBroker?.destroy();
    },
  };
}

/**
 * What every subgraph must keep true: its migrations match its entities, it serves its committed
 * SDL, and every one of its resolvers has an access decision.
 */
export function itKeepsItsContracts<C extends SubgraphConfig>(
  subgraph: () => TestSubgraph,
  def: SubgraphDefinition<C>,
  schemaFile: string,
): void {
  it('has migrations that match the entities exactly', async () => {
    expect(await pendingSchemaChanges(def.dataSource(subgraph().db.url))).toEqual([]);
  });

  it('has an access decision (CanRead, CanWrite or Public) on every resolver, field resolver and resolveReference', () => {
    const classes = resolverClassesOf(subgraph().app);
    expect(classes.length).toBeGreaterThan(0);
    expect(resolversWithoutAccessDecision(classes)).toEqual([]);
  });

  it('serves exactly the committed schema.graphql', () => {
    expect(printServedSchema(subgraph().app)).toBe(fs.readFileSync(schemaFile, 'utf8'));
  });
}

/**
 * A subgraph for the enclosing `describe`: started before its tests (after the hooks registered
 * before this call) and closed after them. The handle can be taken apart in the describe body:
 * `gql`, `gqlAs`, `sql`, `asApp`, `count` and `events.send` reach the running subgraph when they
 * are called. Any other field read before the tests start throws, naming it.
 */
export function useTestSubgraph<C extends SubgraphConfig>(
  def: SubgraphDefinition<C>,
  opts?: Parameters<typeof startTestSubgraph>[1],
): TestSubgraph {
  let running: TestSubgraph | undefined;
  beforeAll(async () => {
    running = await startTestSubgraph(def, opts);
  });
  afterAll(() => running?.close());
  const started = (field: string): TestSubgraph => {
    if (!running) throw new Error(`${def.name}'s test subgraph was read (${field}) before its tests started`);
    return running;
  };
  const late: Partial<TestSubgraph> = {
    gql: (query, variables, headers) => started('gql').gql(query, variables, headers),
    gqlAs: (caller) => (query, variables, headers) => started('gqlAs').gqlAs(caller)(query, variables, headers),
    sql: (text, params) => started('sql').sql(text, params),
    asApp: (setting, work) => started('asApp').asApp(setting, work),
    count: (table) => started('count').count(table),
    events: { send: (contract, data, o) => started('events').events.send(contract, data, o), close: async () => undefined },
  };
  return new Proxy({} as TestSubgraph, {
    get: (_, field: string): unknown => Reflect.get(field in late ? late : started(field), field),
  });
}
