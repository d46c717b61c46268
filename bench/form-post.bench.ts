/**
 * Web form post benchmark: form posts per second through the gateway at 10 connections, and their
 * median latency against the gateway's plain health request at the same concurrency (the cost of
 * the route, the marketing service, the lead upsert, the submission and its event). A benchmark, not
 * a test: it prints figures and writes bench/results/form-post.json; it fails only on errors.
 *
 *   npm run bench:form-post
 *
 * Real and local: the end-to-end test stack (embedded Postgres, the development broker, the five
 * subgraphs and the gateway as processes). Each post is JSON with a new email, so each upserts a new
 * lead; the per-address and per-form limits are raised for the run (one client posts everything).
 * The gateway waits up to BENCH_SUBGRAPH_TIMEOUT_MS (default 30 s, autocannon's own timeout) for
 * marketing's answer, not the test stack's 3 s: on a loaded machine a slow post is a latency to
 * report, not a failure. With the tests' 3 s, a run at a load average of 36 (56 posts in 15 s at
 * c=10, 2.7 s each on average) had 27 posts answered 503 by the gateway's timeout while marketing
 * went on to write them; a quiet run had none. Failures, if any, are printed by status and reason.
 * BENCH_DURATION (s, default 15) sets each run's length.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { startPostgres, type PostgresServer } from '@crm/embedded-postgres';
import { graphqlClient, startTestStack, type TestStack } from '@crm/testing';

const ROOT = path.resolve(__dirname, '../..');
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'form-post.json');
const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const CONNECTIONS = 10;

interface Figures {
  rps: number;
  p50: number;
  mean: number;
  p99: number;
  errors: number;
  total: number;
  /** Each failure kind and how often it came: `<status> <code>: <message>`, or a timeout or socket error. */
  failures: Record<string, number>;
}

/** One request shape of autocannon's options (its types are declared in autocannon.d.ts). */
type Request = NonNullable<Parameters<typeof autocannon>[0]['requests']>[number];

/** What a refused answer says: its status and its first JSON error's code and message, else the start of its body. */
function reasonOf(status: number, body: string): string {
  try {
    const e = (JSON.parse(body) as { errors?: { message?: string; extensions?: { code?: string } }[] }).errors?.[0];
    if (e) return `${status} ${e.extensions?.code ?? ''}: ${e.message ?? ''}`;
  } catch {
    // not JSON: the body's start says enough
  }
  return `${status}: ${body.slice(0, 120)}`;
}

async function run(url: string, request: Request): Promise<Figures> {
  const failures: Record<string, number> = {};
  const count = (reason: string) => void (failures[reason] = (failures[reason] ?? 0) + 1);
  const onResponse = (status: number, body: string) => {
    if (status < 200 || status >= 300) count(reasonOf(status, body));
  };
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, timeout: 30, requests: [{ ...request, onResponse }] });
  if (r.timeouts) failures['no answer within 30 s'] = r.timeouts;
  if (r.errors - r.timeouts > 0) failures['socket errors'] = r.errors - r.timeouts;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    mean: Math.round(r.latency.mean * 1000) / 1000,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx,
    total: r.requests.total,
    failures,
  };
}

async function main(): Promise<void> {
  let stack: TestStack | null = null;
  let pg: PostgresServer | null = null;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-forms-'));
  fs.chmodSync(scratch, 0o777); // Postgres runs as the `postgres` user when we are root
  try {
    // The test stack makes its databases in the Postgres the test run's global setup would start.
    pg = await startPostgres({ dataDir: path.join(scratch, 'pg'), port: 0, fsync: false });
    process.env.CRM_TEST_PG_ADMIN_URL = pg.adminUrl();
    stack = await startTestStack({
      subgraphEnv: { LOG_LEVEL: 'warn', FORM_POSTS_PER_IP_PER_MINUTE: '10000000', FORM_POSTS_PER_FORM_PER_MINUTE: '10000000' },
      gatewayEnv: { SUBGRAPH_TIMEOUT_MS: process.env.BENCH_SUBGRAPH_TIMEOUT_MS ?? '30000' },
    });
    const origin = new URL(stack.gatewayUrl).origin;
    const gql = graphqlClient(stack.gatewayUrl);
    const form = await gql<{ createWebForm: { key: string } }>('mutation($i: CreateWebFormInput!) { createWebForm(input: $i) { key } }', {
      i: {
        name: 'Bench sign-up',
        fieldMap: [
          { field: 'email', attribute: 'EMAIL', required: true },
          { field: 'name', attribute: 'NAME' },
        ],
        scorePoints: 5,
        allowedOrigins: [origin],
        thankYouMessage: 'Thanks',
      },
    });
    if (form.errors || !form.data) throw new Error(`creating the form failed: ${JSON.stringify(form.errors)}`);
    const key = form.data.createWebForm.key;

    // Warm both paths, then measure the health request first and the form posts after it.
    await run(`${origin}/health/live`, { method: 'GET' });
    const health = await run(`${origin}/health/live`, { method: 'GET' });
    let n = 0;
    const posts = await run(`${origin}/forms/${key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', origin },
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: `visitor${++n}@bench.test`, name: `Visitor ${n}` }) }),
    });
    const result = {
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      formPostsPerSecond: Math.round(posts.rps),
      formPostP50Ms: posts.p50,
      formPostP99Ms: posts.p99,
      formPostErrors: posts.errors,
      healthPerSecond: Math.round(health.rps),
      healthP50Ms: health.p50,
      healthMeanMs: health.mean,
      // A health answer takes well under a millisecond, which autocannon's whole-millisecond p50 rounds to 0: its mean stands in then.
      p50Ratio: Math.round((posts.p50 / Math.max(health.p50, health.mean)) * 10) / 10,
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
      cpus: os.cpus().length,
      at: new Date().toISOString(),
    };
    console.log(
      `form posts: ${result.formPostsPerSecond}/s at c=${CONNECTIONS}, p50 ${posts.p50} ms (p99 ${posts.p99} ms, ${posts.errors} errors of ${posts.total}); ` +
        `health: ${result.healthPerSecond}/s, p50 ${health.p50} ms (mean ${health.mean} ms); form p50 / health p50 = ${result.p50Ratio}; load average ${result.loadAverage.join(' ')}`,
    );
    for (const [reason, n] of Object.entries({ ...health.failures, ...posts.failures })) console.log(`  failed ${n}×: ${reason}`);
    if (posts.errors) throw new Error(`${posts.errors} form posts failed`);
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await stack?.stop();
    await pg?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
