/**
 * Lead score recompute benchmark (issue 14): a scoring rule change rescores every lead; how long
 * that takes at 100,000 leads. The leads are written straight into marketing's database (the bench
 * measures the recompute, not capture); then a fit rule is added through marketing's graph, whose
 * answer comes once every lead was scored by it, and the same rule is changed once more.
 * A benchmark, not a test: it prints figures (and writes bench/results/score-recompute.json), and
 * fails only on errors, never on a missed goal.
 *
 *   npm run bench:score-recompute [-- --leads 100000]
 *
 * Goal (issue 14): the recompute for 100,000 leads after a rule change under 60 s.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { arg, log, ROOT, round, startBenchSubgraph } from './bench-subgraph';

const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'score-recompute.json');
const INDUSTRIES = ['software', 'retail', 'manufacturing', 'finance'];

async function main(): Promise<void> {
  const leads = arg('leads', 100_000);
  const bench = await startBenchSubgraph('marketing');
  try {
    const { gql } = await bench.serve();
    const db = bench.db;
    const t0 = performance.now();
    await db.query(
      `INSERT INTO lead (id, email, name, source, status, country, industry, title, employee_count, created_at, updated_at)
       SELECT gen_random_uuid(), 'person' || n || '@company' || (n % 5000) || '.example', 'Person ' || n, 'IMPORT', 'NEW',
              (ARRAY['DE', 'FR', 'GB', 'US'])[1 + n % 4], ($2::text[])[1 + n % 4], 'Buyer', 10 + n % 990, now(), now()
       FROM generate_series(1, $1::int) AS n`,
      [leads, INDUSTRIES],
    );
    log(`${leads} leads written in ${round((performance.now() - t0) / 1000, 1)} s; a quarter of them in software`);

    const timed = async <T>(what: () => Promise<T>): Promise<[T, number]> => {
      const t = performance.now();
      const result = await what();
      return [result, (performance.now() - t) / 1000];
    };
    const scored = async (fit: number) =>
      Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM lead_score WHERE fit = $1`, [fit])).rows[0]!.n);

    // The rule change: software leads fit, 10 points. Its answer comes after every lead was scored.
    const [created, createSeconds] = await timed(() =>
      gql<{ createScoringRule: { id: string } }>(`mutation($i: CreateScoringRuleInput!) { createScoringRule(input: $i) { id } }`, {
        i: { name: 'Software fits', attribute: 'INDUSTRY', values: ['software'], points: 10 },
      }),
    );
    if ((await scored(10)) !== leads / 4) throw new Error(`expected ${leads / 4} leads with fit 10, found ${await scored(10)}`);
    log(`rule added: every lead rescored in ${round(createSeconds, 2)} s (${round(leads / createSeconds, 0)} leads/s)`);

    // The same rule, worth more: every software lead's score moves again.
    const [, updateSeconds] = await timed(() =>
      gql(`mutation($i: UpdateScoringRuleInput!) { updateScoringRule(input: $i) { id } }`, {
        i: { id: created.createScoringRule.id, name: 'Software fits', attribute: 'INDUSTRY', values: ['software'], points: 15 },
      }),
    );
    if ((await scored(15)) !== leads / 4) throw new Error(`expected ${leads / 4} leads with fit 15, found ${await scored(15)}`);
    log(`rule changed: every lead rescored in ${round(updateSeconds, 2)} s (${round(leads / updateSeconds, 0)} leads/s)`);
    const loadAverage = os.loadavg().map((l) => round(l, 2));
    log(`goal: under 60 s for ${leads} leads; load average ${loadAverage.join(' ')} on ${os.cpus().length} CPUs`);
    const result = {
      leads,
      ruleAddedSeconds: round(createSeconds, 2),
      ruleChangedSeconds: round(updateSeconds, 2),
      goalSeconds: 60,
      loadAverage,
      cpus: os.cpus().length,
      at: new Date().toISOString(),
    };
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await bench.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
