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
      if (m) resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, reported: Number(m[1]) });
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
      console.log(`• cold: ready ${cold.seconds.toFixed(1)} s after npm start (launcher: ${cold.reported} s)`);
      const warm = await npmStart(dir);
      console.log(`• warm: ready ${warm.seconds.toFixed(1)} s after npm start (launcher: ${warm.reported} s)`);
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
  const worst = (k: 'cold' | 'warm') => Math.max(...results.map((r) => r[k].seconds)).toFixed(1);
  console.log(
    `\nnpm start to ready, worst of ${runs}: cold ${worst('cold')} s (target 30), warm ${worst('warm')} s (target 10); ${summary.machine}`,
  );
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
