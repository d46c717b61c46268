/**
 * Start-up bench (issue 20): seconds from `npm start` to ready, cold and warm. A benchmark, not a
 * test: it prints figures and writes bench/results/start.json.
 *
 *   npm run bench:start [-- --runs 1]
 *
 * Cold is a fresh clone right after `npm ci`: the working tree's files copied to a temporary folder
 * with this checkout's node_modules hard-linked in (what `npm ci` would install), no dist and no
 * .data. Warm is `npm start` again in that folder after Ctrl-C: everything built and seeded. Both
 * are timed from spawning `npm start` to its "Ready in" line, which comes after the demo data, and
 * the launcher's own figure (from its process start, build included) is printed beside it. It uses
 * npm start's ports (4000-4005, 54320, 19092): stop any running stack first.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');

interface Start {
  seconds: number;
  /** What the launcher printed: "Ready in N s", counted from its own process start. */
  reported: number;
  /**
   * CPU seconds the whole process tree had used by then (the exited ones, such as migrations,
   * included). On a machine shared with other work the wall time mostly measures the others; this
   * is the work itself: on an idle machine the start takes at least this divided by the cores.
   */
  cpuSeconds: number;
}

const TICKS_PER_SECOND = 100;

/** utime + stime + cutime + cstime of `pid` and every live descendant, from /proc (Linux). */
function treeCpuSeconds(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After the command: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17).
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks });
    } catch {
      // gone meanwhile
    }
  }
  let ticks = 0;
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = stats.get(p)?.ppid ?? 0, hops++) if (p === root) return true;
    return false;
  };
  for (const [pid, s] of stats) if (inTree(pid)) ticks += s.ticks;
  return ticks / TICKS_PER_SECOND;
}

/** A clean clone as `npm ci` leaves it: the tracked and untracked (not ignored) files, and node_modules. */
function freshClone(dir: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
  for (const f of files) fs.cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  // Hard links: the installed packages without copying them; the workspace links are relative, so
  // they point into the clone.
  execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules')]);
}

/** Runs `npm start` in `dir` until it says it is ready, then stops it with Ctrl-C (SIGINT). */
async function npmStart(dir: string): Promise<Start> {
  const started = process.hrtime.bigint();
  const child = spawn('npm', ['start'], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = await new Promise<Start>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Ready in ([\d.]+) s/.exec(output);
      if (m)
        resolve({
          seconds: Number(process.hrtime.bigint() - started) / 1e9,
          reported: Number(m[1]),
          cpuSeconds: treeCpuSeconds(child.pid!),
        });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output.slice(-3000)}`)));
  });
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGINT');
  await exited;
  return ready;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${values.runs}"`);
  const results: { cold: Start; warm: Start }[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-start-bench-'));
    // Postgres runs as its own OS user when this is root, and must reach .data inside.
    fs.chmodSync(dir, 0o755);
    try {
      freshClone(dir);
      const cold = await npmStart(dir);
      console.log(`• cold: ready ${cold.seconds.toFixed(1)} s after npm start (launcher: ${cold.reported} s), ${cold.cpuSeconds} CPU s`);
      const warm = await npmStart(dir);
      console.log(`• warm: ready ${warm.seconds.toFixed(1)} s after npm start (launcher: ${warm.reported} s), ${warm.cpuSeconds} CPU s`);
      results.push({ cold, warm });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const load = os.loadavg()[0]!.toFixed(1);
  const summary = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, Node ${process.version}, load ${load} at the end`,
    target: { coldSeconds: 30, warmSeconds: 10 },
    runs: results,
  };
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/results/start.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const worst = (k: 'cold' | 'warm', f: 'seconds' | 'cpuSeconds') => Math.max(...results.map((r) => r[k][f])).toFixed(1);
  console.log(
    `\nnpm start to ready, worst of ${runs}: cold ${worst('cold', 'seconds')} s (target 30), warm ${worst('warm', 'seconds')} s (target 10);` +
      ` CPU used: cold ${worst('cold', 'cpuSeconds')} s, warm ${worst('warm', 'cpuSeconds')} s; ${summary.machine}`,
  );
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
