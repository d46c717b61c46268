/**
 * What the benches that compare two trees side by side share: a clean clone of this tree or of a
 * commit, and the CPU a process tree has used (from /proc, Linux).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

const TICKS_PER_SECOND = 100;

/** What a process of the tree is, for the breakdown: the app it runs, postgres, or its command. */
function processLabel(pid: string): string {
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const app = argv.map((a) => /apps\/([\w-]+)\//.exec(a)?.[1]).find(Boolean);
  if (app) return app;
  if (argv[0]?.includes('postgres')) return 'postgres';
  return path.basename(argv[1] ?? argv[0] ?? '?');
}

/**
 * utime + stime + cutime + cstime of `pid` and every live descendant, from /proc (Linux), in all
 * and by process: each live one's own time by what it runs, and what its exited children used
 * (migrations, the token, the console's build) as `exited children`, except Postgres' ended
 * backends, which count as `postgres`.
 */
export function treeCpuSeconds(root: number): { total: number; byProcess: Record<string, number> } {
  const stats = new Map<number, { ppid: number; own: number; children: number; label: string }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After the command: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17).
      const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
      stats.set(Number(entry), { ppid: Number(fields[1]), own: utime! + stime!, children: cutime! + cstime!, label: processLabel(entry) });
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = stats.get(p)?.ppid ?? 0, hops++) if (p === root) return true;
    return false;
  };
  const byProcess: Record<string, number> = {};
  const add = (label: string, ticks: number) => (byProcess[label] = (byProcess[label] ?? 0) + ticks / TICKS_PER_SECOND);
  for (const [pid, s] of stats)
    if (inTree(pid)) {
      add(s.label, s.own);
      // A Postgres backend that ended (a pool closing an idle connection) leaves its CPU, the
      // queries it ran, in the postmaster's children's time: that is Postgres' work too.
      add(s.label === 'postgres' ? 'postgres' : 'exited children', s.children);
    }
  const total = Object.values(byProcess).reduce((a, b) => a + b, 0);
  return { total, byProcess: Object.fromEntries(Object.entries(byProcess).map(([k, v]) => [k, Math.round(v * 100) / 100])) };
}

/**
 * A clean clone as `npm ci` leaves it: the tracked and untracked (not ignored) files, or the files
 * of commit `rev`, and node_modules.
 */
export function freshClone(dir: string, rev: string | undefined): void {
  if (rev) execFileSync('sh', ['-c', `git archive "$1" | tar -x -C "$2"`, 'archive', rev, dir], { cwd: ROOT });
  else {
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
    for (const f of files) fs.cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  }
  // Hard links: the installed packages without copying them; the workspace links are relative, so
  // they point into the clone.
  execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules')]);
}

/** Resident set size of a process in MB (Linux /proc; NaN elsewhere or once it has exited). */
export function rssMb(pid: number | undefined): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 102.4) / 10 : NaN;
  } catch {
    return NaN;
  }
}
