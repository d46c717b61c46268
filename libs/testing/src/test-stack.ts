import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { lastLines, startNodeProcess, stopProcess, waitForHttp, SUBGRAPHS, type ManagedProcess } from '@crm/stack';
import { startOwnBroker } from './own-broker';
import { testSigningKey } from './test-auth';
import { createTestDatabase, type TestDatabase } from './test-database';

const ROOT = path.resolve(__dirname, '../../..');

export interface TestStack {
  gatewayUrl: string;
  /** The partner endpoint: the contract graph, persisted operations only. */
  partnerGatewayUrl: string;
  /** The gateway's log file, to find what the client was not told. */
  gatewayLog: string;
  /** Each subgraph's test database URL (the superuser's, past row-level security), to check what was (not) written. */
  databases: Record<string, string>;
  /** Each subgraph's database as its service connects: the application role, under row-level security. */
  appDatabases: Record<string, string>;
  /** Each subgraph's own /graphql URL, to call it directly as a client that skips the gateway would. */
  subgraphUrls: Record<string, string>;
  /** Each process's log file by name (the subgraphs' and `gateway`), to find what the client was not told. */
  logs: Record<string, string>;
  /** Another gateway on the same subgraphs, with other settings or subgraph URLs; stopped with the stack. */
  startGateway(opts?: GatewayOptions): Promise<TestGateway>;
  stopService(name: string): Promise<void>;
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function entry(app: string): string {
  const file = path.join(ROOT, 'apps', app, 'dist', 'main.js');
  if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run \`npm run build\` before the end-to-end tests`);
  return file;
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
    /** How long each subgraph and the gateway may take to become ready (a loaded machine boots slowly). */
    readyTimeoutMs?: number;
  } = {},
): Promise<TestStack> {
  const { publicKeysFile } = await testSigningKey();
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-e2e-logs-'));
  // A broker of the stack's own: parallel test files would otherwise share consumer groups and
  // apply each other's events to the wrong databases.
  const broker = await startOwnBroker();
  const brokers = broker.brokers.join(',');
  const dbs: TestDatabase[] = [];
  const processes = new Map<string, ManagedProcess>();
  const stop = async () => {
    await Promise.all([...processes.values()].map((p) => stopProcess(p, 5000)));
    await Promise.all(dbs.map((d) => d.drop()));
    await broker.destroy();
    fs.rmSync(logDir, { recursive: true, force: true });
  };
  try {
    const databases: Record<string, string> = {};
    const appDatabases: Record<string, string> = {};
    for (const { name } of SUBGRAPHS) {
      const db = await createTestDatabase({
        template: name,
        migrate: async (url) => {
          const m = startNodeProcess(
            `${name}-migrate`,
            entry(name),
            ['migrate'],
            { DATABASE_URL: url, KAFKA_BROKERS: brokers, LOG_LEVEL: 'warn' },
            logDir,
          );
          if ((await m.exited) !== 0) throw new Error(`${name} migrations failed:\n${lastLines(m.logFile)}`);
        },
      });
      dbs.push(db);
      databases[name] = db.adminUrl;
      appDatabases[name] = db.url;
    }
    const db = (name: string) => dbs[SUBGRAPHS.findIndex((s) => s.name === name)]!;
    const urls: Record<string, string> = {};
    for (const { name } of SUBGRAPHS) {
      const port = await freePort();
      urls[name] = `http://127.0.0.1:${port}`;
      const env = {
        PORT: String(port),
        DATABASE_URL: db(name).url,
        KAFKA_BROKERS: brokers,
        LOG_LEVEL: 'warn',
        OUTBOX_POLL_MS: String(opts.outboxPollMs ?? 50),
        NODE_ENV: 'test',
        AUTH_PUBLIC_KEYS_FILE: publicKeysFile,
        ...opts.subgraphEnv,
      };
      processes.set(name, startNodeProcess(name, entry(name), [], env, logDir));
    }
    await Promise.all(
      SUBGRAPHS.map(({ name }) => waitForHttp(`${urls[name]}/health/ready`, processes.get(name)!, opts.readyTimeoutMs ?? 60_000)),
    );
    const startGateway = async (name: string, g: GatewayOptions): Promise<TestGateway> => {
      const gatewayPort = await freePort();
      const gatewayEnv: Record<string, string> = {
        PORT: String(gatewayPort),
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        SUBGRAPH_TIMEOUT_MS: '3000',
        AUTH_PUBLIC_KEYS_FILE: publicKeysFile,
        ...g.env,
      };
      for (const { name: s } of SUBGRAPHS) gatewayEnv[`${s.toUpperCase()}_URL`] = g.subgraphUrls?.[s] ?? `${urls[s]}/graphql`;
      processes.set(name, startNodeProcess(name, entry('gateway'), [], gatewayEnv, logDir));
      await waitForHttp(`http://127.0.0.1:${gatewayPort}/health/ready`, processes.get(name)!, opts.readyTimeoutMs ?? 30_000);
      return {
        url: `http://127.0.0.1:${gatewayPort}/graphql`,
        partnerUrl: `http://127.0.0.1:${gatewayPort}/partner/graphql`,
        log: processes.get(name)!.logFile,
      };
    };
    const gateway = await startGateway('gateway', { env: opts.gatewayEnv, subgraphUrls: opts.subgraphUrls });
    let extraGateways = 0;
    return {
      gatewayUrl: gateway.url,
      partnerGatewayUrl: gateway.partnerUrl,
      gatewayLog: gateway.log,
      databases,
      appDatabases,
      subgraphUrls: Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, `${urls[name]}/graphql`])),
      get logs() {
        return Object.fromEntries([...processes].map(([name, p]) => [name, p.logFile]));
      },
      startGateway: (g = {}) => startGateway(`gateway-${++extraGateways}`, g),
      stopService: async (name) => {
        const p = processes.get(name);
        if (p) await stopProcess(p, 5000);
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
