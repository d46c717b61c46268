/**
 * What the CSV import benches share: one subgraph as its own process on an embedded Postgres and
 * the development broker (its outbox relay publishing as it would), on free ports, an admin token,
 * and an import timed from upload to its last row applied.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDevSigningKey, mintToken } from '@crm/auth/dev';
import { startPostgres } from '@crm/embedded-postgres';
import { freePort, lastLines, startNodeProcess, stopProcess, waitForHttp } from '@crm/stack';
import { Client } from 'pg';

export const ROOT = path.resolve(__dirname, '../..');

export const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
export const log = (line: string) => console.log(`[bench] ${line}`);

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

export interface ImportView {
  id: string;
  status: string;
  rows: { total: number; done: number; created: number; updated: number; skipped: number; failed: number };
}

export interface RunningApp {
  /** http://127.0.0.1:<port> */
  origin: string;
  pid: number;
  headers: Record<string, string>;
}

/** Starts `app` (apps/<app>/dist/main.js) with its own database, migrated, runs `use`, and stops everything. */
export async function withSubgraph(
  app: string,
  appEnv: Record<string, string>,
  use: (running: RunningApp) => Promise<void>,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `crm-bench-${app}-import-`));
  fs.chmodSync(dir, 0o777); // Postgres runs as the `postgres` user when we are root
  const cleanups: (() => Promise<void>)[] = [async () => fs.rmSync(dir, { recursive: true, force: true })];
  try {
    const pg = await startPostgres({ dataDir: path.join(dir, 'pg'), port: 0 });
    cleanups.unshift(() => pg.stop());
    const admin = new Client({ connectionString: pg.adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${app}`);
    await admin.end();

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
    const main = path.join(ROOT, `apps/${app}/dist/main.js`);
    const env = {
      DATABASE_URL: pg.adminUrl(app),
      KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      AUTH_PUBLIC_KEYS_FILE: publicKeysFile,
      METRICS_PORT: '0',
      ...appEnv,
    };
    const migrate = startNodeProcess(`${app}-migrate`, main, ['migrate'], env, dir);
    if ((await migrate.exited) !== 0) throw new Error(`${app} migrations failed:\n${lastLines(migrate.logFile)}`);
    const port = await freePort();
    const subgraph = startNodeProcess(app, main, [], { ...env, PORT: String(port) }, dir);
    cleanups.unshift(() => stopProcess(subgraph, 5000));
    await waitForHttp(`http://127.0.0.1:${port}/health/ready`, subgraph);
    const token = await mintToken(key.privateJwk, { roles: ['admin'], userId: '00000000-0000-4000-a000-000000000001' });
    await use({ origin: `http://127.0.0.1:${port}`, pid: subgraph.child.pid!, headers: { authorization: `Bearer ${token}` } });
  } finally {
    for (const c of cleanups) await c().catch(() => undefined);
  }
}

/** Posts `file` to `url` (an import path) and waits for the import to complete: its time in all, the upload's, and its progress. */
export async function timedImport(
  app: RunningApp,
  importPath: string,
  file: string,
  mapping: Record<string, string>,
): Promise<{ seconds: number; uploadSeconds: number; view: ImportView }> {
  const base = `${app.origin}${importPath}`;
  const t0 = performance.now();
  const res = await fetch(`${base}?${new URLSearchParams({ mapping: JSON.stringify(mapping), onDuplicate: 'UPDATE' }).toString()}`, {
    method: 'POST',
    headers: { ...app.headers, 'content-type': 'text/csv' },
    body: file,
  });
  if (res.status !== 202) throw new Error(`the upload answered ${res.status}: ${await res.text()}`);
  const uploadSeconds = (performance.now() - t0) / 1000;
  const { id } = (await res.json()) as ImportView;
  for (;;) {
    const view = (await (await fetch(`${base}/${id}`, { headers: app.headers })).json()) as ImportView;
    if (view.status === 'COMPLETED') return { seconds: (performance.now() - t0) / 1000, uploadSeconds, view };
    if (performance.now() - t0 > 900_000) throw new Error(`the import was not done after 15 minutes: ${JSON.stringify(view)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Imports `file` twice and checks the second run changed nothing; logs both. */
export async function importTwice(
  app: RunningApp,
  importPath: string,
  file: string,
  mapping: Record<string, string>,
  expectCreated: number,
): Promise<{ first: Awaited<ReturnType<typeof timedImport>>; again: Awaited<ReturnType<typeof timedImport>> }> {
  const rows = file.split('\n').length - 2;
  log(`importing ${rows} rows (${round(file.length / 1024 / 1024, 1)} MB) to ${importPath}`);
  const first = await timedImport(app, importPath, file, mapping);
  if (first.view.rows.created !== expectCreated) throw new Error(`expected ${expectCreated} created: ${JSON.stringify(first.view)}`);
  log(
    `import: ${round(rows / first.seconds, 0)} rows/s (${round(first.seconds, 2)} s, of which the upload and its checks ${round(first.uploadSeconds, 2)} s); ${JSON.stringify(first.view.rows)}`,
  );
  const again = await timedImport(app, importPath, file, mapping);
  if (again.view.rows.created + again.view.rows.updated !== 0)
    throw new Error(`the same file again changed records: ${JSON.stringify(again.view)}`);
  log(`the same file again: ${round(rows / again.seconds, 0)} rows/s (${round(again.seconds, 2)} s); ${JSON.stringify(again.view.rows)}`);
  return { first, again };
}

export function writeResult(name: string, result: Record<string, unknown>): void {
  const loadAverage = os.loadavg().map((l) => round(l, 2));
  log(`load average ${loadAverage.join(' ')} on ${os.cpus().length} CPUs`);
  const file = path.join(ROOT, 'bench', 'results', `${name}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ ...result, loadAverage, cpus: os.cpus().length, at: new Date().toISOString() }, null, 2)}\n`);
}
