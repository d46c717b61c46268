/**
 * The analytics subgraph on its own for a bench: an embedded Postgres with analytics' migrated
 * database, the development broker and the built subgraph as processes on free ports, and a
 * GraphQL client as an admin. A bench seeds the read models in SQL through `db`, then `start()`s
 * the subgraph and times what it asks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDevSigningKey, mintToken } from '@crm/auth/dev';
import { startPostgres } from '@crm/embedded-postgres';
import { freePort, lastLines, startNodeProcess, stopProcess, waitForHttp } from '@crm/stack';
import { Client } from 'pg';

export const ROOT = path.resolve(__dirname, '../..');

export interface AnalyticsBenchStack {
  /** A connection to analytics' migrated database, for seeding and counting. */
  db: Client;
  /** The development broker's address, for a bench that puts events on it. */
  brokers: string[];
  /** The admin URL of a database of that name on the bench's Postgres (e.g. a fresh one for a replay). */
  pgUrl: (database: string) => string;
  /** Starts the subgraph (after the seed), with `env` over the bench's own, and answers once it is ready. */
  start: (env?: Record<string, string>) => Promise<void>;
  /** Analytics' /graphql as an admin; a GraphQL error throws. */
  gql: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;
  stop: () => Promise<void>;
}

export async function startAnalyticsBenchStack(name: string): Promise<AnalyticsBenchStack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `crm-bench-${name}-`));
  const cleanups: (() => Promise<void>)[] = [async () => fs.rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup().catch((e: unknown) => console.error(e));
  };
  try {
    const pg = await startPostgres({ dataDir: path.join(dir, 'pg'), port: 0 });
    cleanups.unshift(() => pg.stop());
    const admin = new Client({ connectionString: pg.adminUrl() });
    await admin.connect();
    await admin.query('CREATE DATABASE analytics');
    await admin.end();
    const url = pg.adminUrl('analytics');

    const kafkaPort = await freePort();
    const broker = startNodeProcess(
      'broker',
      path.join(ROOT, 'infra/kafka-dev-broker/dist/cli.js'),
      ['--port', String(kafkaPort), '--data-dir', path.join(dir, 'kafka')],
      {},
      dir,
    );
    cleanups.unshift(() => stopProcess(broker, 5000));

    const { publicKeysFile, key } = await ensureDevSigningKey(path.join(dir, 'keys'));
    const main = path.join(ROOT, 'apps/analytics/dist/main.js');
    const env = {
      DATABASE_URL: url,
      KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      AUTH_PUBLIC_KEYS_FILE: publicKeysFile,
      METRICS_PORT: '0',
      CHURN_RESCORE_ENABLED: 'false',
    };
    const migrate = startNodeProcess('analytics-migrate', main, ['migrate'], env, dir);
    if ((await migrate.exited) !== 0) throw new Error(`analytics migrations failed:\n${lastLines(migrate.logFile)}`);
    const db = new Client({ connectionString: url });
    await db.connect();
    cleanups.unshift(() => db.end());

    const port = await freePort();
    const token = await mintToken(key.privateJwk, { roles: ['admin'], userId: '00000000-0000-4000-a000-000000000001' });
    return {
      db,
      brokers: [`127.0.0.1:${kafkaPort}`],
      pgUrl: (database) => pg.adminUrl(database),
      start: async (more = {}) => {
        const subgraph = startNodeProcess('analytics', main, [], { ...env, ...more, PORT: String(port) }, dir);
        cleanups.unshift(() => stopProcess(subgraph, 5000));
        await waitForHttp(`http://127.0.0.1:${port}/health/ready`, subgraph);
      },
      gql: async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await res.json()) as { data?: T; errors?: unknown[] };
        if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 2000));
        return body.data!;
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** `--name N`, else the environment's BENCH_NAME (so a smoke run can shrink a bench), else the fallback. */
export function intArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const env = process.env[`BENCH_${name.toUpperCase()}`];
  const value = i >= 0 ? Number(process.argv[i + 1]) : env ? Number(env) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

export const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
export const seconds = (ms: number) => round(ms / 1000, 2);
export const loadAverage = () => os.loadavg().map((l) => round(l, 2));

/** Runs `work` and answers its result with the milliseconds it took. */
export async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}
