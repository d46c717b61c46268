/**
 * Churn scoring benchmark (issue 17): the rescoring job scoring every customer at 100,000
 * customers. A benchmark, not a test: it prints figures (and writes bench/results/churn-rescore.json),
 * and fails only on errors, never on a missed goal.
 *
 *   npm run bench:churn [-- --customers 100000]     (smaller: BENCH_CUSTOMERS=2000)
 *
 * Real and local (analytics-bench-stack.ts). The signals are seeded in SQL as the consumer would
 * have written them: every customer scored once long ago, five touchpoints each over the last
 * year, an open urgent case every tenth, an SLA breach every twentieth, a CSAT answer every fifth
 * and a lost renewal every fiftieth. Then the subgraph starts with the rescoring job on; its first
 * run scores every customer as of the moment it started (`scored_at`), so the run took from that
 * moment until every score carries it.
 *
 * Goal (issue 17): churn scoring of all customers under 60 s.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { intArg, loadAverage, ROOT, seconds, startAnalyticsBenchStack } from './analytics-bench-stack';

const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'churn-rescore.json');
const GOAL_S = 60;
/** Often enough that the first run starts soon after boot; a later run only starts once one ended. */
const INTERVAL_MS = 5000;

async function main(): Promise<void> {
  const customers = intArg('customers', 100_000);
  const log = (line: string) => console.log(`[bench] ${line}`);
  const stack = await startAnalyticsBenchStack('churn');
  try {
    const { db } = stack;
    const t0 = performance.now();
    const id = (prefix: string, n = 'g') => `('${prefix}0000000-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
    const each = (every: number, sql: string) => db.query(`${sql} FROM generate_series(1, $1::int) g WHERE g % ${every} = 0`, [customers]);
    await each(
      1,
      `INSERT INTO intelligence.churn_risk (customer_id, score, at_risk, reasons, scored_at) SELECT ${id('c')}, 0, false, '[]', '2020-01-01'`,
    );
    await db.query(
      `INSERT INTO intelligence.churn_touchpoint (event_id, customer_id, at)
       SELECT gen_random_uuid(), ${id('c')}, now() - ((g * 7 + n * 61) % 365) * interval '1 day'
       FROM generate_series(1, $1::int) g, generate_series(1, 5) n`,
      [customers],
    );
    await each(
      10,
      `INSERT INTO intelligence.churn_case (case_id, customer_id, priority, open, opened_at) SELECT ${id('a')}, ${id('c')}, 'URGENT', true, now()`,
    );
    await each(
      20,
      `INSERT INTO intelligence.churn_sla_breach (event_id, customer_id, case_id, at) SELECT ${id('b')}, ${id('c')}, ${id('a')}, now() - interval '3 days'`,
    );
    await each(
      5,
      `INSERT INTO intelligence.churn_csat (case_id, customer_id, score, at) SELECT ${id('e')}, ${id('c')}, 1 + g % 5, now() - interval '10 days'`,
    );
    await each(
      50,
      `INSERT INTO intelligence.churn_lost_renewal (opportunity_id, customer_id, at) SELECT ${id('d')}, ${id('c')}, now() - interval '30 days'`,
    );
    await db.query('VACUUM ANALYZE');
    log(`seeded the churn signals of ${customers} customers in ${seconds(performance.now() - t0)} s`);

    await stack.start({ CHURN_RESCORE_ENABLED: 'true', CHURN_RESCORE_INTERVAL_MS: String(INTERVAL_MS) });
    let run: { started: Date; ended: number } | null = null;
    const deadline = Date.now() + 30 * 60_000;
    while (!run) {
      if (Date.now() > deadline) throw new Error('the rescoring job did not score every customer within 30 minutes');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { rows } = await db.query<{ first: Date | null; n: string }>(
        `SELECT min(scored_at) AS first, count(*) FILTER (WHERE scored_at > '2020-01-01') AS n FROM intelligence.churn_risk`,
      );
      if (Number(rows[0]!.n) === customers) run = { started: rows[0]!.first!, ended: Date.now() };
    }
    const s = seconds(run.ended - run.started.getTime());
    const outcome = await db.query<{ at_risk: string; crossings: string }>(
      `SELECT (SELECT count(*) FROM intelligence.churn_risk WHERE at_risk) AS at_risk, (SELECT count(*) FROM outbox) AS crossings`,
    );
    const load = loadAverage();
    log(
      `scored ${customers} customers in ${s} s (${Math.round(customers / s)} customers/s); ${outcome.rows[0]!.at_risk} at risk, ${outcome.rows[0]!.crossings} crossings announced`,
    );
    log(`load average ${load.join(' ')} on ${os.cpus().length} cores`);
    log(`goal: under ${GOAL_S} s${s < GOAL_S ? ', met' : ', MISSED'}`);
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(
      RESULTS_FILE,
      `${JSON.stringify({ at: new Date().toISOString(), loadAverage: load, customers, seconds: s, atRisk: Number(outcome.rows[0]!.at_risk), goalSeconds: GOAL_S }, null, 2)}\n`,
    );
  } finally {
    await stack.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
