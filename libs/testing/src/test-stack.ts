import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SUBGRAPHS, type SubgraphName } from '@crm/registry';
import { DEFAULT_RESTART_POLICY, launchStack, migrateSubgraph, type RestartPolicy, type RunningStack } from '@crm/stack';
import { startOwnBroker } from './own-broker';
import { testSigningKey } from './test-auth';
import { createTestDatabase, type TestDatabase } from './test-database';
import { graphqlClient } from './graphql-client';
import { testContext, type TestContext } from './test-context';
import { testConnectionBudget } from './test-infra-env';

export interface TestStack {
  gatewayUrl: string;
  /** Builders of test data through the gateway, as an admin: `stack.ctx.newCustomer()`. */
  ctx: TestContext;
  /** The partner endpoint: the contract graph, persisted operations only. */
  partnerGatewayUrl: string;
  /** The self-service portal's endpoint: its contract graph, persisted operations only, customer tokens only. */
  portalGatewayUrl: string;
  /** The gateway's log file, to find what the client was not told. */
  gatewayLog: string;
  /** Each subgraph's test database URL (the superuser's, past row-level security), to check what was (not) written. */
  databases: Record<string, string>;
  /** Each subgraph's database as its service connects: the application role, under row-level security. */
  appDatabases: Record<string, string>;
  /** Runs SQL on a subgraph's database as the superuser, past row-level security, to check what was (not) written. */
  sql<R>(subgraph: string, text: string, params?: unknown[]): Promise<R[]>;
  /** Rows in a subgraph's table. */
  count(subgraph: string, table: string): Promise<number>;
  /** Each subgraph's own /graphql URL, to call it directly as a client that skips the gateway would. */
  subgraphUrls: Record<string, string>;
  /** Each process's log file by name (the subgraphs' and `gateway`), to find what the client was not told. */
  logs: Record<string, string>;
  /** Another gateway on the same subgraphs, with other settings or subgraph URLs; stopped with the stack. */
  startGateway(opts?: GatewayOptions): Promise<TestGateway>;
  /** Stops a process for good, as an outage would (the launcher does not restart it). */
  stopService(name: string): Promise<void>;
  /** The process running a subgraph or gateway now (a supervised one gets a new one after a crash). */
  pid(name: string): number | undefined;
  /** How many times the launcher restarted a crashed process (with `supervise`). */
  restarts(name: string): number;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  /** Extra gateway settings (limits, introspection...). */
  env?: Record<string, string>;
  /** Points the gateway at another server for a subgraph (a hanging one, say). */
  subgraphUrls?: Partial<Record<string, string>>;
}

export interface TestGateway {
  url: string;
  partnerUrl: string;
  log: string;
}

/**
 * The whole system as separate processes, as `npm start` runs it, on test databases cloned from
 * migrated templates and on the run's Kafka broker: for end-to-end tests through the gateway.
 */
export async function startTestStack(
  opts: {
    outboxPollMs?: number;
    /** Extra gateway settings (limits, introspection...). */
    gatewayEnv?: Record<string, string>;
    /** Points the gateway at another server for a subgraph (a hanging one, say). */
    subgraphUrls?: Partial<Record<string, string>>;
    /** Extra settings for every subgraph (DATABASE_POOL_SIZE, say). */
    subgraphEnv?: Record<string, string>;
    /** Restart crashed processes as `npm start` does (true: its policy); by default an exit is final. */
    supervise?: boolean | RestartPolicy;
  } = {},
): Promise<TestStack> {
  const { publicKeysFile, privateKeyFile } = await testSigningKey();
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-e2e-logs-'));
  // A broker of the stack's own: parallel test files would otherwise share consumer groups and
  // apply each other's events to the wrong databases.
  const broker = await startOwnBroker();
  const kafkaBrokers = broker.brokers.join(',');
  const dbs: TestDatabase[] = [];
  let running: RunningStack | null = null;
  const stop = async () => {
    await running?.stop();
    await Promise.all(dbs.map((d) => d.drop()));
    await broker.destroy();
    fs.rmSync(logDir, { recursive: true, force: true });
  };
  try {
    const databases = {} as Record<SubgraphName, string>;
    const appDatabases = {} as Record<SubgraphName, string>;
    // The first stack of a run migrates every template: side by side rather than one after another.
    await Promise.all(
      SUBGRAPHS.map(async ({ name }) => {
        const db = await createTestDatabase({ template: name, migrate: (url) => migrateSubgraph(name, url, { kafkaBrokers, logDir }) });
        dbs.push(db);
        databases[name] = db.adminUrl;
        appDatabases[name] = db.url;
      }),
    );
    const stack = (running = await launchStack({
      logDir,
      ports: 'free',
      nodeEnv: 'test',
      logLevel: 'warn',
      kafkaBrokers,
      databaseUrls: appDatabases,
      publicKeysFile,
      subgraphEnv: { OUTBOX_POLL_MS: String(opts.outboxPollMs ?? 50), ...opts.subgraphEnv },
      gatewayEnv: { SUBGRAPH_TIMEOUT_MS: '3000', API_TOKEN_SIGNING_KEY_FILE: privateKeyFile, ...opts.gatewayEnv },
      gatewaySubgraphUrls: opts.subgraphUrls,
      restart: opts.supervise === true ? DEFAULT_RESTART_POLICY : opts.supervise || null,
      // The run's Postgres holds one stack per worker (sized so by the global setup).
      connections: testConnectionBudget(),
      log: (line) => console.log(line),
    }));
    let extraGateways = 0;
    const sql = async <R>(subgraph: string, text: string, params: unknown[] = []): Promise<R[]> => {
      const url = (databases as Record<string, string | undefined>)[subgraph];
      if (!url) throw new Error(`no subgraph ${subgraph} in this stack`);
      // Loaded on use, as the global setup loads it: only a spec that starts a stack pays for it.
      const { queryRows } = await import('@crm/embedded-postgres');
      return queryRows<R>(url, text, params);
    };
    return {
      ctx: testContext(graphqlClient(stack.gateway.url)),
      sql,
      count: async (subgraph, table) => Number((await sql<{ n: string }>(subgraph, `SELECT count(*) AS n FROM ${table}`))[0]!.n),
      gatewayUrl: stack.gateway.url,
      partnerGatewayUrl: stack.gateway.partnerUrl,
      portalGatewayUrl: stack.gateway.portalUrl,
      gatewayLog: stack.gateway.log,
      databases,
      appDatabases,
      subgraphUrls: stack.subgraphUrls,
      get logs() {
        return Object.fromEntries([...stack.processes].map(([name, p]) => [name, p.logFile]));
      },
      startGateway: async (g = {}) => {
        const { url, partnerUrl, log } = await stack.startGateway(`gateway-${++extraGateways}`, g);
        return { url, partnerUrl, log };
      },
      stopService: (name) => stack.stopService(name),
      pid: (name) => stack.processes.get(name)?.process.child.pid,
      restarts: (name) => stack.processes.get(name)?.restarts ?? 0,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
