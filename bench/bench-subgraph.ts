/**
 * One subgraph as a bench runs it: an embedded Postgres with the subgraph's database (named by the
 * registry, as the launcher and the test stack name it) migrated by `node dist/main.js migrate`,
 * the development broker, and the built subgraph as its own process on a free port (its outbox
 * relay publishing as it would), in a temporary folder, with an admin token for its routes and its
 * graph. The database comes first and the subgraph only on `serve()`, so that a bench may seed
 * rows in SQL before the subgraph reads them (or serve it twice, with other settings).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDevSigningKey, mintToken } from '@crm/auth/dev';
import {
  assertConnectionBudget,
  ensureServiceDatabase,
  startPostgres,
  type ConnectionShare,
  type PostgresServer,
} from '@crm/embedded-postgres';
import { DATABASE_EXTRA_CONNECTIONS, SUBGRAPHS, WEBHOOK_WORKER, type SubgraphName } from '@crm/registry';
import { appEntry, freePort, migrateSubgraph, startNodeProcess, stopProcess, waitForHttp, type ManagedProcess } from '@crm/stack';
import { Client } from 'pg';

export const ROOT = path.resolve(__dirname, '../..');

/** A subgraph, or the webhook worker: an app with a database of its own that `migrate` sets up. */
export type BenchAppName = SubgraphName | typeof WEBHOOK_WORKER.name;

/**
 * What each subgraph needs to start in production for a bench: the secrets it refuses to start
 * without (the benches make no key, send no mail and post no webhook), and its timed jobs off, so
 * that no job runs in the middle of what a bench times.
 */
const BENCH_ENV: Record<BenchAppName, Record<string, string>> = {
  sales: {
    FOLLOW_UP_JOB_ENABLED: 'false',
    API_KEY_SECRET: 'bench-only-api-key-secret-of-at-least-32-characters',
    WEBHOOK_SECRET: 'bench-only-webhook-secret-of-at-least-32-characters',
  },
  marketing: {
    LOYALTY_EXPIRY_ENABLED: 'false',
    SMTP_URL: 'smtp://127.0.0.1:9',
    TRACKING_SECRET: 'bench-only-tracking-secret-of-at-least-32-characters',
  },
  service: { SLA_WATCH_ENABLED: 'false', CSAT_SECRET: 'bench-only-csat-secret-of-at-least-32-characters' },
  partners: { DEAL_REGISTRATION_EXPIRY_ENABLED: 'false', LEAD_OFFER_EXPIRY_ENABLED: 'false' },
  analytics: { CHURN_RESCORE_ENABLED: 'false' },
  webhooks: { WEBHOOK_SECRET: 'bench-only-webhook-secret-of-at-least-32-characters' },
};

export interface BenchSubgraphOptions {
  /** More settings for the subgraph (over the bench's defaults), for its migration and every serve(). */
  env?: Record<string, string>;
  /** Postgres' own log lines (auto_explain's plans, say). */
  postgresLog?: (line: string) => void;
  /** Preload pg_stat_statements (nested statements too) and create it in the subgraph's database. */
  statements?: boolean;
}

export interface ServingSubgraph {
  port: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  process: ManagedProcess;
  /** The admin's authorization header. */
  headers: Record<string, string>;
  /** The subgraph's /graphql as an admin; a GraphQL error throws. */
  gql: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;
  /** Stops this process (the rest stays up until the bench's stop()). */
  stop: () => Promise<void>;
}

export interface BenchSubgraph {
  /** The temporary folder: logs, Postgres' data (its postmaster.pid), the broker's. */
  dir: string;
  /** The database as the subgraph connects to it: as its own login role, under row-level security. */
  databaseUrl: string;
  /** Another database owned by the subgraph's role (a replay's, say), and the URL the subgraph connects to it with. */
  serviceDatabase: (database: string) => Promise<string>;
  /** The same database as the superuser: seeding past row-level security, counting. */
  adminUrl: string;
  /** A superuser connection to the database, open until stop(). */
  db: Client;
  /** The Postgres server, for a bench that needs another database beside the subgraph's. */
  postgres: PostgresServer;
  /** The development broker's address (host:port). */
  kafkaBrokers: string;
  /** An admin's bearer token. */
  token: string;
  /** A token for another caller (a partner's, say), signed with the keys the subgraph trusts. */
  tokenFor: (claims: Parameters<typeof mintToken>[1]) => Promise<string>;
  /** Starts the subgraph (`name` names its log) and answers once it is ready. */
  serve: (opts?: { name?: string; env?: Record<string, string> }) => Promise<ServingSubgraph>;
  /** Stops everything and removes the folder. */
  stop: () => Promise<void>;
}

/**
 * The development broker as a process of its own on a free port: a bench times the stack, so the
 * broker does not share the bench's event loop (`npm start` and the tests run it in-process).
 */
export async function startBrokerProcess(dataDir: string, logDir: string): Promise<{ broker: ManagedProcess; brokers: string }> {
  const port = await freePort();
  const args = ['--port', String(port), '--data-dir', dataDir];
  const broker = startNodeProcess('broker', path.join(ROOT, 'infra/kafka-dev-broker/dist/cli.js'), args, {}, logDir);
  return { broker, brokers: `127.0.0.1:${port}` };
}

/** Connections a bench opens beside the subgraphs' pools (its `db`, a producer's pool and relay). */
const BENCH_CONNECTION_HEADROOM = 10;

/** The database, the broker and the migrations of subgraph `name`; `serve()` starts it. */
export async function startBenchSubgraph(name: BenchAppName, opts: BenchSubgraphOptions = {}): Promise<BenchSubgraph> {
  const { database, role, app, databasePoolSize } = [...SUBGRAPHS, WEBHOOK_WORKER].find((s) => s.name === name)!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `crm-bench-${name}-`));
  fs.chmodSync(dir, 0o777); // Postgres runs as the `postgres` user when we are root
  const cleanups: (() => Promise<void>)[] = [async () => fs.rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup().catch((e: unknown) => console.error(e));
  };
  try {
    const startPg = () => startPostgres({ dataDir: path.join(dir, 'pg'), port: 0, log: opts.postgresLog });
    let pg: PostgresServer = await startPg();
    cleanups.unshift(() => pg.stop());
    if (opts.statements) {
      await superuserQuery(pg.adminUrl(), `ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
      await superuserQuery(pg.adminUrl(), `ALTER SYSTEM SET pg_stat_statements.track = 'all'`);
      await pg.stop();
      pg = await startPg();
    }
    // The subgraph connects as its registry role, as `npm start` and production run it: a superuser
    // bypasses row-level security, and a figure taken that way leaves out what the policies cost.
    // Seeding and counting stay on the superuser (adminUrl, db), past row-level security.
    const serviceDatabase = (db: string) => ensureServiceDatabase(pg, { database: db, user: role, password: `bench-${role}` });
    const databaseUrl = await serviceDatabase(database);
    const adminUrl = pg.adminUrl(database);
    if (opts.statements) await superuserQuery(adminUrl, 'CREATE EXTENSION pg_stat_statements');

    const { broker, brokers: kafkaBrokers } = await startBrokerProcess(path.join(dir, 'kafka'), dir);
    cleanups.unshift(() => stopProcess(broker, 5000));

    const { publicKeysFile, key } = await ensureDevSigningKey(path.join(dir, 'keys'));
    const env = {
      NODE_ENV: 'production',
      AUTH_PUBLIC_KEYS_FILE: publicKeysFile,
      METRICS_PORT: '0',
      ...BENCH_ENV[name],
      ...opts.env,
    };
    await migrateSubgraph(name, databaseUrl, { kafkaBrokers, logDir: dir, env });

    const db = new Client({ connectionString: adminUrl });
    // Postgres stops under it when the bench fails: the failure is what to print, not this.
    db.on('error', () => undefined);
    await db.connect();
    cleanups.unshift(() => db.end());
    const token = await mintToken(key.privateJwk, { roles: ['admin'], userId: '00000000-0000-4000-a000-000000000001' });
    const headers = { authorization: `Bearer ${token}` };

    // Every process served so far (a replay serves a second), for the connection budget.
    const served: ConnectionShare[] = [];
    const serve = async (s: { name?: string; env?: Record<string, string> } = {}): Promise<ServingSubgraph> => {
      const port = await freePort();
      const processEnv: Record<string, string> = {
        DATABASE_URL: databaseUrl,
        KAFKA_BROKERS: kafkaBrokers,
        LOG_LEVEL: 'warn',
        ...env,
        ...s.env,
        PORT: String(port),
      };
      const pool = processEnv.DATABASE_POOL_SIZE ? Number(processEnv.DATABASE_POOL_SIZE) : databasePoolSize;
      served.push({ name: s.name ?? name, pool, extra: DATABASE_EXTRA_CONNECTIONS });
      // The bench's own connections (db, a producer's database) are the headroom.
      await assertConnectionBudget(adminUrl, { shares: served, headroom: BENCH_CONNECTION_HEADROOM });
      const p = startNodeProcess(s.name ?? name, appEntry(app), [], processEnv, dir);
      // A process under --cpu-prof writes its profile only as it exits, which takes seconds for a
      // long run: killed after 5 s, it leaves none.
      const graceMs = /--cpu-prof\b/.test(processEnv.NODE_OPTIONS ?? '') ? 120_000 : 5000;
      let stopped = false;
      const stopOne = async () => {
        if (stopped) return;
        stopped = true;
        await stopProcess(p, graceMs);
      };
      cleanups.unshift(stopOne);
      await waitForHttp(`http://127.0.0.1:${port}/health/ready`, p);
      console.log(`${s.name ?? name}: connected to ${database} as ${(await connectedRoles(db, database)).join(', ')}`);
      const origin = `http://127.0.0.1:${port}`;
      const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
        const res = await fetch(`${origin}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await res.json()) as { data?: T; errors?: unknown[] };
        if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 2000));
        return body.data!;
      };
      return { port, origin, process: p, headers, gql, stop: stopOne };
    };
    const tokenFor = (claims: Parameters<typeof mintToken>[1]) => mintToken(key.privateJwk, claims);
    return { dir, databaseUrl, serviceDatabase, adminUrl, db, postgres: pg, kafkaBrokers, token, tokenFor, serve, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function superuserQuery(url: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * The roles the app's connections to `database` log in as (the bench's own superuser connection
 * left out), each marked when it is a superuser or bypasses row-level security, so a run shows it.
 */
async function connectedRoles(db: Client, database: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string; superuser: boolean; bypassrls: boolean }>(
    `SELECT DISTINCT r.rolname AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypassrls
     FROM pg_stat_activity a JOIN pg_roles r ON r.oid = a.usesysid
     WHERE a.datname = $1 AND a.pid <> pg_backend_pid() ORDER BY 1`,
    [database],
  );
  return rows.map(
    (r) => `${r.name} (${r.superuser ? 'SUPERUSER' : 'no superuser'}, ${r.bypassrls ? 'BYPASSRLS' : 'under row-level security'})`,
  );
}

/** `--<name> N` from the command line, else the environment's BENCH_<NAME> (so a smoke run can shrink a bench), a positive integer, or `fallback`. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const env = process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  const value = i >= 0 ? Number(process.argv[i + 1]) : env ? Number(env) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

/**
 * The statements of a run by their Postgres time (`pg_stat_statements`, nested ones included), per
 * `unit` (a deal, an event) of the `units` the run did; the first line is all statements' calls per
 * unit. `db` must be connected to the database that has the extension; `database` is the one whose
 * statements to list (default: that one).
 */
export async function statementBreakdown(db: Client, units: number, unit: string, database?: string): Promise<string[]> {
  const { rows } = await db.query<{ calls: string; rows: string; ms: number; query: string }>(
    `SELECT calls, rows, total_exec_time AS ms, regexp_replace(query, '\\s+', ' ', 'g') AS query
     FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = coalesce($1, current_database()))
     ORDER BY total_exec_time DESC`,
    [database ?? null],
  );
  const calls = rows.reduce((n, r) => n + Number(r.calls), 0);
  const ms = rows.reduce((n, r) => n + r.ms, 0);
  return [
    `statements: ${round(calls / units, 2)} calls and ${round((ms * 1000) / units, 1)} µs of Postgres time per ${unit}`,
    ...rows.slice(0, 15).map(
      (r) =>
        `${round((r.ms * 1000) / units, 1)
          .toString()
          .padStart(7)} µs/${unit} ${String(r.calls).padStart(7)} calls ${String(r.rows).padStart(8)} rows  ${r.query.slice(0, 150)}`,
    ),
  ];
}

/** NODE_OPTIONS that make a process write a V8 CPU profile into BENCH_CPU_PROF_DIR as it exits; none when it is not set. */
export function cpuProfileEnv(): Record<string, string> {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  return dir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(dir)}` } : {};
}

export const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
export const log = (line: string) => console.log(`[bench] ${line}`);
