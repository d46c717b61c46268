import * as fs from 'node:fs';
import * as path from 'node:path';
import { DATABASE_EXTRA_CONNECTIONS, GATEWAY, SUBGRAPHS, WEBHOOK_WORKER, type SubgraphName } from '@crm/registry';
import { assertConnectionBudget, freePort, type ConnectionBudget, type ConnectionShare } from '@crm/embedded-postgres';
import { lastLines, startNodeProcess } from './child-process';
import { waitForHttp, type ReadinessOptions } from './readiness';
import { SupervisedProcess, type RestartPolicy } from './supervisor';

/*
 * The one way the platform's processes are started: `npm start`, the end-to-end test stack and the
 * bench all call launchStack (and migrateSubgraph), each with its own infrastructure and settings.
 */

const ROOT = path.resolve(__dirname, '../../..');

/**
 * How an app's code is loaded. 'dist': dist/main.js, its ~1,900 modules required one by one, as the
 * images run it and the test stack does. 'bundle': dist/main.bundle.js, the same compiled modules
 * joined by infra/stack/bin/bundle.js (npm start builds it), compiled once into Node's compile
 * cache: about half the CPU of a start, which runs six of them on two cores.
 */
export type EntryKind = 'dist' | 'bundle';

/** Where bin/bundle.js keeps Node's compile cache of the bundles (NODE_COMPILE_CACHE). */
const COMPILE_CACHE = path.join(ROOT, 'node_modules/.cache/crm-start/compile-cache');

/** An app's compiled entry point, with a clear message when it has not been built. */
export function appEntry(app: string, kind: EntryKind = 'dist'): string {
  const file = path.join(ROOT, app, 'dist', kind === 'bundle' ? 'main.bundle.js' : 'main.js');
  const build = kind === 'bundle' ? 'node infra/stack/bin/bundle.js' : 'npm run build';
  if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run \`${build}\` first`);
  return file;
}

/** The environment an entry of this kind runs with (the bundles' compile cache). */
const entryEnv = (kind: EntryKind): Record<string, string> => (kind === 'bundle' ? { NODE_COMPILE_CACHE: COMPILE_CACHE } : {});

/** Applies one subgraph's (or the webhook worker's) migrations to `databaseUrl` (`node dist/main.js migrate`, as in production). */
export async function migrateSubgraph(
  name: SubgraphName | typeof WEBHOOK_WORKER.name,
  databaseUrl: string,
  opts: { kafkaBrokers: string; logDir: string; env?: Record<string, string>; entry?: EntryKind },
): Promise<void> {
  const app = [...SUBGRAPHS, WEBHOOK_WORKER].find((s) => s.name === name)!.app;
  const kind = opts.entry ?? 'dist';
  const env = { DATABASE_URL: databaseUrl, KAFKA_BROKERS: opts.kafkaBrokers, LOG_LEVEL: 'warn', ...entryEnv(kind), ...opts.env };
  const m = startNodeProcess(`${name}-migrate`, appEntry(app, kind), ['migrate'], env, opts.logDir);
  const code = await m.exited;
  if (code !== 0) throw new Error(`${name} migrations failed:\n${lastLines(m.logFile)}`);
}

export interface StackSettings {
  logDir: string;
  /** 'registry': each app on its registered port (npm start); 'free': ports the OS has free (tests, bench). */
  ports: 'registry' | 'free';
  nodeEnv: 'development' | 'test' | 'production';
  /** dist unless said (see EntryKind). */
  entry?: EntryKind;
  logLevel: string;
  kafkaBrokers: string;
  /** Each subgraph's database, as the service connects to it. */
  databaseUrls: Record<SubgraphName, string>;
  publicKeysFile: string;
  /** More settings for every subgraph. */
  subgraphEnv?: Record<string, string>;
  /** More settings for the gateway. */
  gatewayEnv?: Record<string, string>;
  /**
   * Runs the webhook worker too, on this database and with these settings (WEBHOOK_SECRET: sales'
   * own). npm start does; the test stack does not, so no stack spec pays for a process it never uses.
   */
  webhookWorker?: { databaseUrl: string; env?: Record<string, string> };
  /**
   * The apps (subgraphs, the webhook worker) that apply their pending migrations in their own
   * process before they serve (`serve --migrate`), rather than in a `migrate` process of their own
   * beforehand that loads the whole app once more (npm start's first start). Production keeps the
   * separate step: the migration Job and the init container (k8s).
   */
  migrateAtBoot?: readonly string[];
  /** Points the gateway at another server for a subgraph (a hanging one, say). */
  gatewaySubgraphUrls?: Partial<Record<SubgraphName, string>>;
  /**
   * How the stack's connection budget is checked against the server before anything starts: how
   * many such stacks share it (a test run's workers) and the connections outside the processes'
   * pools. One stack and none when omitted.
   */
  connections?: Omit<ConnectionBudget, 'shares'>;
  /** Restart what crashes (npm start); null: an exit is final. */
  restart: RestartPolicy | null;
  readiness?: ReadinessOptions;
  /** Where the launcher says what happens to the processes (restarts, waits). */
  log: (line: string) => void;
}

export interface GatewayOptions {
  env?: Record<string, string>;
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
}

export interface RunningGateway {
  port: number;
  url: string;
  partnerUrl: string;
  portalUrl: string;
  log: string;
  process: SupervisedProcess;
}

export interface RunningStack {
  /** Each subgraph's /graphql URL. */
  subgraphUrls: Record<SubgraphName, string>;
  /** Each subgraph's /metrics URL, on a port of its own (METRICS_PORT). */
  subgraphMetricsUrls: Record<SubgraphName, string>;
  gateway: RunningGateway;
  /** Every process by name: the subgraphs', `gateway` and any more gateways. */
  processes: Map<string, SupervisedProcess>;
  /** Another gateway on the same subgraphs, named `name`, with other settings; stopped with the stack. */
  startGateway(name: string, opts?: GatewayOptions): Promise<RunningGateway>;
  /** Stops one process for good (no restart). */
  stopService(name: string): Promise<void>;
  /** Resolves with the reason when a process is down for good without having been stopped. */
  failed: Promise<string>;
  stop(): Promise<void>;
}

/**
 * Each process's share of its Postgres server's connections, as launchStack starts them with these
 * settings: the pool (DATABASE_POOL_SIZE as given, else the registry's) and the relay's LISTEN
 * connection. What a server is sized by (npm start, the test run) and what launchStack checks.
 */
export function stackConnectionShares(s: Pick<StackSettings, 'subgraphEnv' | 'webhookWorker'> = {}): ConnectionShare[] {
  const pool = (env: Record<string, string> | undefined, fallback: number) =>
    env?.DATABASE_POOL_SIZE !== undefined ? Number(env.DATABASE_POOL_SIZE) : fallback;
  const shares: ConnectionShare[] = SUBGRAPHS.map((g) => ({
    name: g.name,
    pool: pool(s.subgraphEnv, g.databasePoolSize),
    extra: DATABASE_EXTRA_CONNECTIONS,
  }));
  if (s.webhookWorker)
    shares.push({
      name: WEBHOOK_WORKER.name,
      pool: pool(s.webhookWorker.env, WEBHOOK_WORKER.databasePoolSize),
      extra: DATABASE_EXTRA_CONNECTIONS,
    });
  return shares;
}

/** Starts the subgraphs and the gateway, and waits until each is ready. */
export async function launchStack(s: StackSettings): Promise<RunningStack> {
  // Before any process: a stack that does not fit its server fails at start with each share named,
  // not later under load with "too many clients" answered as internal errors.
  await assertConnectionBudget(s.databaseUrls[SUBGRAPHS[0].name], { shares: stackConnectionShares(s), ...s.connections });
  const processes = new Map<string, SupervisedProcess>();
  let failedWith!: (reason: string) => void;
  const failed = new Promise<string>((resolve) => (failedWith = resolve));
  const supervise = (name: string, app: string, env: Record<string, string>) => {
    const kind = s.entry ?? 'dist';
    const args = s.migrateAtBoot?.includes(name) ? ['serve', '--migrate'] : [];
    const p = new SupervisedProcess(
      { name, entry: appEntry(app, kind), args, env: { ...entryEnv(kind), ...env }, logDir: s.logDir },
      s.restart,
      s.log,
    );
    processes.set(name, p);
    void p.failed.then(failedWith);
    return p;
  };
  const stop = async () => {
    const all = [...processes.values()];
    // Gateways first, so that no client meets a half-stopped graph.
    await Promise.all(all.filter((p) => p.name.startsWith(GATEWAY.name)).map((p) => p.stop(5000)));
    await Promise.all(all.map((p) => p.stop(5000)));
  };
  try {
    const subgraphUrls = {} as Record<SubgraphName, string>;
    const subgraphMetricsUrls = {} as Record<SubgraphName, string>;
    const ports = {} as Record<SubgraphName, number>;
    const metricsPorts = {} as Record<SubgraphName, number>;
    for (const { name, port: registered } of SUBGRAPHS) {
      ports[name] = s.ports === 'registry' ? registered : await freePort();
      // The registry names no metrics ports: any free one, known here so that the bench can scrape it.
      metricsPorts[name] = await freePort();
      subgraphUrls[name] = `http://127.0.0.1:${ports[name]}/graphql`;
      subgraphMetricsUrls[name] = `http://127.0.0.1:${metricsPorts[name]}/metrics`;
    }
    // Every subgraph is told where the others are (SALES_URL...): a write that names another
    // service's record may ask its owner when the local read model has not seen it yet.
    const peerUrls = Object.fromEntries(SUBGRAPHS.map((g) => [g.urlVariable, subgraphUrls[g.name]]));
    for (const { name, app } of SUBGRAPHS) {
      supervise(name, app, {
        PORT: String(ports[name]),
        METRICS_PORT: String(metricsPorts[name]),
        ...peerUrls,
        DATABASE_URL: s.databaseUrls[name],
        KAFKA_BROKERS: s.kafkaBrokers,
        LOG_LEVEL: s.logLevel,
        NODE_ENV: s.nodeEnv,
        AUTH_PUBLIC_KEYS_FILE: s.publicKeysFile,
        ...s.subgraphEnv,
      });
    }
    const startGateway = async (name: string, g: GatewayOptions = {}): Promise<RunningGateway> => {
      const port = s.ports === 'registry' && name === GATEWAY.name ? GATEWAY.port : await freePort();
      const env: Record<string, string> = {
        PORT: String(port),
        LOG_LEVEL: s.logLevel,
        NODE_ENV: s.nodeEnv,
        AUTH_PUBLIC_KEYS_FILE: s.publicKeysFile,
        ...s.gatewayEnv,
        ...g.env,
      };
      // A gateway given its identity provider's key set (AUTH_JWKS_URL) verifies with that alone: one
      // key source at a time, as the verifier requires.
      if (env.AUTH_JWKS_URL) delete env.AUTH_PUBLIC_KEYS_FILE;
      for (const { name: subgraph, urlVariable } of SUBGRAPHS)
        env[urlVariable] = g.subgraphUrls?.[subgraph] ?? s.gatewaySubgraphUrls?.[subgraph] ?? subgraphUrls[subgraph];
      const p = supervise(name, GATEWAY.app, env);
      await waitForHttp(`http://127.0.0.1:${port}/health/ready`, p, s.readiness);
      return {
        port,
        url: `http://127.0.0.1:${port}/graphql`,
        partnerUrl: `http://127.0.0.1:${port}/partner/graphql`,
        portalUrl: `http://127.0.0.1:${port}/portal/graphql`,
        log: p.logFile,
        process: p,
      };
    };
    let worker: Promise<void> = Promise.resolve();
    if (s.webhookWorker) {
      const port = s.ports === 'registry' ? WEBHOOK_WORKER.port : await freePort();
      const p = supervise(WEBHOOK_WORKER.name, WEBHOOK_WORKER.app, {
        PORT: String(port),
        METRICS_PORT: String(await freePort()),
        DATABASE_URL: s.webhookWorker.databaseUrl,
        KAFKA_BROKERS: s.kafkaBrokers,
        LOG_LEVEL: s.logLevel,
        NODE_ENV: s.nodeEnv,
        ...s.webhookWorker.env,
      });
      worker = waitForHttp(`http://127.0.0.1:${port}/health/ready`, p, s.readiness);
    }
    // The gateway serves the committed supergraph and needs no subgraph to start: it boots while they do.
    const [gateway] = await Promise.all([
      startGateway(GATEWAY.name),
      worker,
      ...SUBGRAPHS.map(({ name }) =>
        waitForHttp(subgraphUrls[name].replace(/\/graphql$/, '/health/ready'), processes.get(name)!, s.readiness),
      ),
    ]);
    return {
      subgraphUrls,
      subgraphMetricsUrls,
      gateway,
      processes,
      startGateway,
      stopService: async (name) => processes.get(name)?.stop(5000),
      failed,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
