/**
 * A/B of two builds side by side (issue 13's "no worse than today, as a ratio in the same run").
 * A benchmark, not a test: it prints figures and writes bench/results/ab.json.
 *
 *   npm run bench:ab -- --baseline <commit> [--candidate <commit>] [--customers 10000] [--rounds 8] [--block 200]
 *
 * Both builds run at once, each as `npm run bench -- --serve` starts it (its own Postgres, broker,
 * subgraphs and gateway on free ports, the same bulk-seeded data), in clean clones with this
 * checkout's node_modules. Requests go at c=1 in blocks that take turns (the builds' order flips
 * every round), so whatever else the machine does falls on both alike; a figure from one build alone
 * says little on a shared machine. Per block it reads the CPU its whole process tree used (gateway,
 * subgraphs, Postgres) from /proc, so it prints CPU per request beside the latency: when the machine
 * is busy, latency swings by more than a difference between builds, CPU per request much less.
 * That CPU includes each tree's background work (consumers polling the broker, Postgres' own), a
 * little per second: blocks of a few hundred requests keep it small beside the requests' own.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { Agent, request } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CUSTOMER_360_QUERY, CUSTOMER_360_WIDE_FIELDS, CUSTOMER_360_WIDE_QUERY } from '@crm/stack';
import { PREFIX, seedUuid } from './bulk-seed';
import { freshClone, treeCpuSeconds } from './process-tree';

const ROOT = path.resolve(__dirname, '../..');
const RESULTS_JSON = path.join(ROOT, 'bench', 'results', 'ab.json');

const Q_CARD = `query CustomerCard($id: ID!) { customer(id: $id) { id name kind domain tier createdAt } }`;
/** Scenario 3's list: the wide 360 of the first 100 customers (the `id` variable is not used). */
const Q_WIDE_LIST = `query Customers360Wide($first: Int!) { customers(first: $first) { edges { node { ${CUSTOMER_360_WIDE_FIELDS} } } } }`;

interface Served {
  label: string;
  dir: string;
  child: ChildProcess;
  gatewayUrl: string;
  salesUrl: string;
  authorization: string;
}

const TARGETS = ['sales', 'gateway', 'gateway 360', 'wide 360', 'wide 360 ×100'] as const;
type TargetName = (typeof TARGETS)[number];

interface Target {
  build: Served;
  /**
   * scenario 1 straight to sales, scenario 1 through the gateway, scenario 2 (the README's 360 and
   * the wide one) through the gateway, and scenario 3's wide 360 of 100 customers
   */
  name: TargetName;
  url: string;
  query: string;
  /** Its share of a block: the list of 100 costs about ten 360s, so it gets a tenth of the requests. */
  share: number;
  latencies: number[];
  cpuMs: number;
  /** CPU ms per request of each round's block: the rounds' spread says whether a ratio is resolved. */
  roundCpu: number[];
}

function usage(message?: string): never {
  if (message) console.error(`bench:ab: ${message}\n`);
  console.error('npm run bench:ab -- --baseline <commit> [--candidate <commit>] [--customers 10000] [--rounds 8] [--block 200]');
  process.exit(2);
}

function verifiedCommit(rev: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    usage(`"${rev}" names no commit`);
  }
}

/** A clean clone of `rev` (or of this tree), built, serving its bench stack; resolves once it prints its URLs. */
async function serve(label: string, rev: string | undefined, customers: number): Promise<Served> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-ab-bench-'));
  // Postgres runs as its own OS user when this is root, and must reach .data inside.
  fs.chmodSync(dir, 0o755);
  freshClone(dir, rev);
  console.log(`• ${label}: building in ${dir}`);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('npx', ['tsc', '-b', 'bench'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  const child = spawn(
    process.execPath,
    [
      'bench/dist/gateway.bench.js',
      '--serve',
      '--skip-events',
      '--customers',
      String(customers),
      '--data-dir',
      path.join(dir, '.data/bench'),
    ],
    { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise<Served>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const gateway = /Serving until Ctrl-C\. Gateway (\S+)/.exec(output)?.[1];
      const sales = /^sales (\S+)$/m.exec(output)?.[1];
      const authorization = /^Authorization: (.+)$/m.exec(output)?.[1];
      if (gateway && sales && authorization) resolve({ label, dir, child, gatewayUrl: gateway, salesUrl: sales, authorization });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${label} stopped (${code}) before serving:\n${output.slice(-3000)}`)));
  });
}

async function stopServed(s: Served): Promise<void> {
  if (s.child.exitCode === null) {
    const exited = new Promise((r) => s.child.once('exit', r));
    process.kill(-s.child.pid!, 'SIGINT');
    await exited;
  }
  fs.rmSync(s.dir, { recursive: true, force: true });
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One request at c=1; its milliseconds. A reply with errors stops the bench: a figure of errors is no figure. */
function post(t: Target, id: string): Promise<number> {
  const body = JSON.stringify({ query: t.query, variables: t.name === 'wide 360 ×100' ? { first: 100 } : { id } });
  const url = new URL(t.url);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: t.build.authorization, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          if (res.statusCode !== 200 || text.includes('"errors"'))
            reject(new Error(`${t.build.label} ${t.name}: ${res.statusCode} ${text.slice(0, 300)}`));
          else resolve(ms);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        baseline: { type: 'string' },
        candidate: { type: 'string' },
        customers: { type: 'string', default: '10000' },
        rounds: { type: 'string', default: '8' },
        block: { type: 'string', default: '200' },
      },
    }));
  } catch (e) {
    usage((e as Error).message);
  }
  if (!values.baseline) usage('--baseline is required');
  const int = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) usage(`--${name} must be an integer of at least ${min}, got "${v}"`);
    return n;
  };
  const customers = int('customers', values.customers, 200);
  const rounds = int('rounds', values.rounds, 2);
  const block = int('block', values.block, 20);
  const baseline = verifiedCommit(values.baseline);
  const candidate = values.candidate ? verifiedCommit(values.candidate) : undefined;
  const candidateLabel = candidate ? candidate.slice(0, 7) : 'this tree';

  const builds: Served[] = [];
  const stopAll = () => Promise.all(builds.map(stopServed));
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    // One after the other: two builds and two bulk seeds at once would only slow each other.
    builds.push(await serve(candidateLabel, candidate, customers));
    builds.push(await serve(`baseline ${baseline.slice(0, 7)}`, baseline, customers));
    const ids = Array.from({ length: 50 }, (_, k) => seedUuid(PREFIX.customer, Math.floor((k * customers) / 50)));
    const target = (build: Served, name: TargetName, url: string, query: string, share = 1): Target => ({
      build,
      name,
      url,
      query,
      share,
      latencies: [],
      cpuMs: 0,
      roundCpu: [],
    });
    const targets: Target[] = builds.flatMap((build) => [
      target(build, 'sales', build.salesUrl, Q_CARD),
      target(build, 'gateway', build.gatewayUrl, Q_CARD),
      target(build, 'gateway 360', build.gatewayUrl, CUSTOMER_360_QUERY),
      target(build, 'wide 360', build.gatewayUrl, CUSTOMER_360_WIDE_QUERY),
      target(build, 'wide 360 ×100', build.gatewayUrl, Q_WIDE_LIST, 0.1),
    ]);
    // Warm-up: JIT, pools and caches on both, not counted.
    for (const t of targets) for (let k = 0; k < 100 * t.share; k++) await post(t, ids[k % ids.length]!);
    let next = 0;
    for (let r = 0; r < rounds; r++) {
      // The builds take turns going first; each build's targets keep their order, so every block
      // follows the same kind of block in both builds. Reversing the whole list instead put one
      // build's list of 100 after its own list of 100 and the other's after an idle spell, every
      // other round: one build against itself came out 1.21 on that target, and an A/B 1.45-1.78 in
      // those rounds against 0.72-1.05 in the others.
      const order = (r % 2 === 0 ? builds : [...builds].reverse()).flatMap((b) => targets.filter((t) => t.build === b));
      for (const t of order) {
        const cpuBefore = treeCpuSeconds(t.build.child.pid!).total;
        const n = Math.max(10, Math.round(block * t.share));
        for (let k = 0; k < n; k++) t.latencies.push(await post(t, ids[next++ % ids.length]!));
        const cpuMs = (treeCpuSeconds(t.build.child.pid!).total - cpuBefore) * 1000;
        t.cpuMs += cpuMs;
        t.roundCpu.push(cpuMs / n);
      }
      console.log(`  round ${r + 1}/${rounds} done (load ${os.loadavg()[0]!.toFixed(1)})`);
    }
    const figure = (t: Target) => ({
      build: t.build.label,
      target: t.name,
      requests: t.latencies.length,
      p50Ms: +quantile(t.latencies, 0.5).toFixed(2),
      p90Ms: +quantile(t.latencies, 0.9).toFixed(2),
      cpuMsPerRequest: +(t.cpuMs / t.latencies.length).toFixed(3),
    });
    const figures = targets.map(figure);
    console.log('\nbuild                target          p50 ms   p90 ms   CPU ms/request (whole tree)');
    for (const f of figures)
      console.log(
        `${f.build.padEnd(20)} ${f.target.padEnd(14)} ${f.p50Ms.toFixed(2).padStart(7)}  ${f.p90Ms.toFixed(2).padStart(7)}  ${f.cpuMsPerRequest.toFixed(3).padStart(8)}`,
      );
    console.log(`\n${candidateLabel} ÷ baseline ${baseline.slice(0, 7)}:`);
    const targetOf = (isCandidate: boolean, name: TargetName) =>
      targets.find((t) => (t.build.label === candidateLabel) === isCandidate && t.name === name)!;
    const ratios = TARGETS.map((name) => {
      const [a, b] = [
        figures.find((f) => f.build === candidateLabel && f.target === name)!,
        figures.find((f) => f.build !== candidateLabel && f.target === name)!,
      ];
      // Each round's ratio on its own. An A/A (one build against itself, six rounds) gave whole-run
      // ratios from 0.82 to 1.21, so a whole-run ratio says little alone; a difference is called
      // resolved only when every round falls on the same side of 1 (for six rounds, 2 chances in 64
      // if the builds are the same).
      const [ta, tb] = [targetOf(true, name), targetOf(false, name)];
      const perRound = ta.roundCpu.map((x, i) => +(x / tb.roundCpu[i]!).toFixed(2));
      const r = {
        target: name,
        p50: +(a.p50Ms / b.p50Ms).toFixed(2),
        p90: +(a.p90Ms / b.p90Ms).toFixed(2),
        cpuPerRequest: +(a.cpuMsPerRequest / b.cpuMsPerRequest).toFixed(2),
        cpuPerRequestRounds: perRound,
        resolved: perRound.every((x) => x > 1) || perRound.every((x) => x < 1),
      };
      console.log(
        `  ${name.padEnd(14)} p50 ${r.p50}  p90 ${r.p90}  CPU/request ${r.cpuPerRequest}` +
          `  (rounds ${Math.min(...perRound).toFixed(2)}-${Math.max(...perRound).toFixed(2)}${r.resolved ? '' : ', not resolved'})`,
      );
      return r;
    });
    fs.mkdirSync(path.dirname(RESULTS_JSON), { recursive: true });
    fs.writeFileSync(
      RESULTS_JSON,
      `${JSON.stringify(
        {
          when: new Date().toISOString(),
          machine: `${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)} at the end`,
          candidate: candidate ?? 'working tree',
          baseline,
          customers,
          rounds,
          block,
          figures,
          ratios,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`Wrote ${path.relative(ROOT, RESULTS_JSON)}`);
  } finally {
    await stopAll();
  }
}

main().catch((e: unknown) => {
  console.error(`\nbench:ab failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
