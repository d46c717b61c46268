/**
 * Start-up bench (issue 20): seconds from `npm start` to ready, cold and warm. A benchmark, not a
 * test: it prints figures and writes bench/results/start.json.
 *
 *   npm run bench:start [-- --runs 1] [--baseline <commit>]
 *
 * Cold is a fresh clone right after `npm ci`: the working tree's files copied to a temporary folder
 * with this checkout's node_modules hard-linked in (what `npm ci` would install), no dist and no
 * .data. Warm is `npm start` again in that folder after Ctrl-C: everything built and seeded. Both
 * are timed from spawning `npm start` to its "Ready in" line, which comes after the demo data, and
 * the launcher's own figure (from its process start, build included) is printed beside it. It uses
 * npm start's ports (4000-4005, 54320, 19092): stop any running stack first.
 *
 * With --baseline, each run starts this tree, cold and warm, then a clone of that commit (`git
 * archive`, the same node_modules): on a shared machine only figures taken side by
 * side compare, so it prints this tree's over the baseline's as ratios.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { freshClone, treeCpuSeconds } from './process-tree';

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
  /** The same CPU seconds by process (see treeCpuSeconds). */
  cpuByProcess: Record<string, number>;
}

/** Runs `npm start` in `dir` until it says it is ready, then stops it with Ctrl-C (SIGINT). */
async function npmStart(dir: string): Promise<Start> {
  const started = process.hrtime.bigint();
  const child = spawn('npm', ['start'], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let readyLine: string | null = null;
  const ready = await new Promise<Start>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Ready in ([\d.]+) s/.exec(output);
      if (m && !readyLine) {
        readyLine = m[0];
        const cpu = treeCpuSeconds(child.pid!);
        resolve({
          seconds: Number(process.hrtime.bigint() - started) / 1e9,
          reported: Number(m[1]),
          cpuSeconds: Math.round(cpu.total * 100) / 100,
          cpuByProcess: cpu.byProcess,
        });
        // What the launcher said it did, step by step (builds, migrations, waits).
        console.log(
          output
            .split('\n')
            .filter((l) => l.startsWith('•'))
            .map((l) => `    ${l}`)
            .join('\n'),
        );
      }
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

interface ColdAndWarm {
  cold: Start;
  warm: Start;
}

/** `npm start` cold, then warm, in a fresh clone of this tree or of `rev`. */
async function coldAndWarm(label: string, rev: string | undefined): Promise<ColdAndWarm> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-start-bench-'));
  // Postgres runs as its own OS user when this is root, and must reach .data inside.
  fs.chmodSync(dir, 0o755);
  try {
    freshClone(dir, rev);
    const cold = await npmStart(dir);
    console.log(
      `• ${label} cold: ready ${cold.seconds.toFixed(1)} s after npm start (launcher: ${cold.reported} s), ${cold.cpuSeconds} CPU s`,
    );
    console.log(`    CPU s by process: ${JSON.stringify(cold.cpuByProcess)}`);
    const warm = await npmStart(dir);
    console.log(
      `• ${label} warm: ready ${warm.seconds.toFixed(1)} s after npm start (launcher: ${warm.reported} s), ${warm.cpuSeconds} CPU s`,
    );
    console.log(`    CPU s by process: ${JSON.stringify(warm.cpuByProcess)}`);
    return { cold, warm };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' }, baseline: { type: 'string' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${values.runs}"`);
  const baselineRev = values.baseline;
  if (baselineRev !== undefined) {
    try {
      execFileSync('git', ['rev-parse', '--verify', '--quiet', `${baselineRev}^{commit}`], { cwd: ROOT, stdio: 'ignore' });
    } catch {
      throw new Error(`--baseline must name a commit, got "${baselineRev}"`);
    }
  }
  const results: ColdAndWarm[] = [];
  const baseline: ColdAndWarm[] = [];
  for (let i = 0; i < runs; i++) {
    results.push(await coldAndWarm('this tree', undefined));
    if (baselineRev) baseline.push(await coldAndWarm(`baseline ${baselineRev}`, baselineRev));
  }
  const load = os.loadavg()[0]!.toFixed(1);
  const summary = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, Node ${process.version}, load ${load} at the end`,
    target: { coldSeconds: 30, warmSeconds: 10 },
    runs: results,
    ...(baselineRev ? { baseline: { commit: baselineRev, runs: baseline } } : {}),
  };
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/results/start.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const worst = (of: ColdAndWarm[], k: 'cold' | 'warm', f: 'seconds' | 'cpuSeconds') => Math.max(...of.map((r) => r[k][f]));
  console.log(
    `\nnpm start to ready, worst of ${runs}: cold ${worst(results, 'cold', 'seconds').toFixed(1)} s (target 30), warm ${worst(results, 'warm', 'seconds').toFixed(1)} s (target 10);` +
      ` CPU used: cold ${worst(results, 'cold', 'cpuSeconds').toFixed(1)} s, warm ${worst(results, 'warm', 'cpuSeconds').toFixed(1)} s; ${summary.machine}`,
  );
  if (baselineRev) {
    const ratio = (k: 'cold' | 'warm', f: 'seconds' | 'cpuSeconds') => (worst(results, k, f) / worst(baseline, k, f)).toFixed(2);
    console.log(
      `this tree ÷ ${baselineRev}, worst of ${runs} each: cold ${ratio('cold', 'seconds')} (CPU ${ratio('cold', 'cpuSeconds')}),` +
        ` warm ${ratio('warm', 'seconds')} (CPU ${ratio('warm', 'cpuSeconds')})`,
    );
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
