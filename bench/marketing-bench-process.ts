/**
 * The marketing subgraph as a bench runs it: an embedded Postgres, the development broker and
 * marketing as their own processes (its outbox relay publishing as it would), on free ports, in a
 * temporary folder, with an admin token for its HTTP routes and its graph.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDevSigningKey, mintToken } from '@crm/auth/dev';
import { startPostgres } from '@crm/embedded-postgres';
import { freePort, lastLines, startNodeProcess, stopProcess, waitForHttp } from '@crm/stack';
import { Client } from 'pg';

export const ROOT = path.resolve(__dirname, '../..');

export interface BenchMarketing {
  /** http://127.0.0.1:<port>, the process's origin. */
  origin: string;
  databaseUrl: string;
  /** An admin's bearer token. */
  token: string;
  stop(): Promise<void>;
}

export async function startBenchMarketing(name: string, env: Record<string, string> = {}): Promise<BenchMarketing> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `crm-bench-${name}-`));
  fs.chmodSync(dir, 0o777); // Postgres runs as the `postgres` user when we are root
  const cleanups: (() => Promise<void>)[] = [async () => fs.rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const c of cleanups) await c().catch(() => undefined);
  };
  try {
    const pg = await startPostgres({ dataDir: path.join(dir, 'pg'), port: 0 });
    cleanups.unshift(() => pg.stop());
    const admin = new Client({ connectionString: pg.adminUrl() });
    await admin.connect();
    await admin.query('CREATE DATABASE marketing');
    await admin.end();
    const databaseUrl = pg.adminUrl('marketing');

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
    const main = path.join(ROOT, 'apps/marketing/dist/main.js');
    const appEnv = {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      AUTH_PUBLIC_KEYS_FILE: publicKeysFile,
      METRICS_PORT: '0',
      LOYALTY_EXPIRY_ENABLED: 'false',
      // Marketing refuses to start in production without these; the benches send no mail.
      SMTP_URL: 'smtp://127.0.0.1:9',
      TRACKING_SECRET: 'bench-only-tracking-secret-of-at-least-32-characters',
      ...env,
    };
    const migrate = startNodeProcess('marketing-migrate', main, ['migrate'], appEnv, dir);
    if ((await migrate.exited) !== 0) throw new Error(`marketing migrations failed:\n${lastLines(migrate.logFile)}`);
    const port = await freePort();
    const marketing = startNodeProcess('marketing', main, [], { ...appEnv, PORT: String(port) }, dir);
    cleanups.unshift(() => stopProcess(marketing, 5000));
    await waitForHttp(`http://127.0.0.1:${port}/health/ready`, marketing);
    const token = await mintToken(key.privateJwk, { roles: ['admin'], userId: '00000000-0000-4000-a000-000000000001' });
    return { origin: `http://127.0.0.1:${port}`, databaseUrl, token, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
