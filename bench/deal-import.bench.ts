/**
 * Bulk history import benchmark: deals per second through `importDeals` (batches of 500, each deal
 * with its stage history and products), the same batches again (every deal UNCHANGED), and the
 * sales dashboard's p50 by owner x quarter once the database holds 300,000 opportunities. A
 * benchmark, not a test: it prints figures (and writes bench/results/deal-import.json), and fails
 * only on errors, never on a missed goal.
 *
 *   npm run bench:import [-- --deals 20000 --concurrency 2 --opportunities 300000 --statements]
 *
 * It also reports the sales process's CPU per deal (from /proc, Linux), from the first call until
 * its relay has published every event of the import: a figure that holds on a loaded machine,
 * where deals/s is the machine's as much as the code's. With BENCH_CPU_PROF_DIR set, the sales
 * process writes a V8 CPU profile there when it stops (node --cpu-prof). With --statements, Postgres
 * runs with pg_stat_statements (nested statements too: foreign-key checks, triggers) and the bench
 * prints the statements of the import by their time per deal; that costs some speed, so the figures
 * of such a run are for the breakdown, not for comparison.
 *
 * Real and local: an embedded Postgres, the development broker and the sales subgraph as their own
 * processes (its outbox relay publishing as it would), on free ports; the bench calls the
 * subgraph's /graphql as an admin.
 *
 * Goals (issue 21): at least 2,000 deals/s with stage history.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { arg, cpuProfileEnv, log, percentile, ROOT, round, startBenchSubgraph, statementBreakdown } from './bench-subgraph';
import { treeCpuSeconds } from './process-tree';

const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'deal-import.json');
const BATCH = 500;
const ACCOUNTS = 85;
const OWNERS = 35;
const PRODUCTS = 7;
const DASHBOARD_SAMPLES = 30;
/** The seeded default pipeline (see the sales migrations). */
const STAGE = {
  qualification: '0a7f0000-0000-4000-8001-000000000002',
  proposal: '0a7f0000-0000-4000-8001-000000000003',
  negotiation: '0a7f0000-0000-4000-8001-000000000004',
  won: '0a7f0000-0000-4000-8001-000000000005',
  lost: '0a7f0000-0000-4000-8001-000000000006',
};

const hex = (i: number) => i.toString(16).padStart(12, '0');

/** Deal `n` of a CRM export like the one issue 21 loaded: engaged in 2016-2017, most closed, a tenth without an account. */
function deal(n: number, products: string[]) {
  const created = new Date(Date.UTC(2016, 0, 1) + (n % 700) * 86_400_000 + 9 * 3_600_000);
  const day = (d: number) => new Date(created.getTime() + d * 86_400_000).toISOString();
  const outcome = n % 5 === 0 ? null : n % 3 === 0 ? STAGE.lost : STAGE.won;
  const stages = [
    { stageId: STAGE.qualification, at: day(3) },
    { stageId: STAGE.proposal, at: day(10) },
    ...(outcome ? [{ stageId: outcome, at: day(20 + (n % 60)) }] : []),
  ];
  return {
    externalId: `bench-${n}`,
    name: `Deal ${n}`,
    accountExternalId: n % 10 === 0 ? null : `account-${n % ACCOUNTS}`,
    ownerId: `b0000000-0000-4000-8000-${hex(n % OWNERS)}`,
    currency: 'USD',
    closeDate: (outcome ? stages[stages.length - 1]!.at : day(90)).slice(0, 10),
    createdAt: created.toISOString(),
    stages,
    closeReason: outcome ? 'imported' : null,
    lines: [
      { productId: products[n % PRODUCTS]!, quantity: `${1 + (n % 4)}`, unitPrice: `${500 + (n % 50) * 10}.00` },
      ...(n % 2 === 0 ? [{ productId: products[(n + 3) % PRODUCTS]!, quantity: '1', unitPrice: '99.90', discountPercent: '5' }] : []),
    ],
  };
}

async function main(): Promise<void> {
  const deals = arg('deals', 20_000);
  const concurrency = arg('concurrency', 2);
  const opportunities = arg('opportunities', 300_000);
  const statements = process.argv.includes('--statements');
  const bench = await startBenchSubgraph('sales', { statements });
  try {
    const sales = await bench.serve({ env: cpuProfileEnv() });
    const gql = sales.gql;

    const products: string[] = [];
    for (let p = 0; p < PRODUCTS; p++) {
      const { createProduct } = await gql<{ createProduct: { id: string } }>(
        'mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }',
        { i: { sku: `P${p}`, name: `Product ${p}` } },
      );
      products.push(createProduct.id);
    }
    const accounts = Array.from({ length: ACCOUNTS }, (_, a) => ({ externalId: `account-${a}`, name: `Account ${a}` }));
    const IMPORT = 'mutation($i: ImportDealsInput!) { importDeals(input: $i) { created unchanged } }';
    const batches = Array.from({ length: Math.ceil(deals / BATCH) }, (_, b) => {
      const list = Array.from({ length: Math.min(BATCH, deals - b * BATCH) }, (_, k) => deal(b * BATCH + k, products));
      // The first batch brings the accounts; the others name them by external id.
      return { ...(b === 0 ? { accounts } : {}), deals: list };
    });
    const stageChanges = batches.reduce((s, b) => s + b.deals.reduce((t, d) => t + d.stages.length, 0), 0);

    /** Every batch once, `concurrency` at a time after the first; answers seconds and what the calls reported. */
    const load = async (): Promise<{ seconds: number; created: number; unchanged: number; batchMs: number[] }> => {
      const batchMs: number[] = [];
      let created = 0;
      let unchanged = 0;
      const one = async (i: number) => {
        const t0 = performance.now();
        const r = await gql<{ importDeals: { created: number; unchanged: number } }>(IMPORT, { i: batches[i] });
        batchMs.push(performance.now() - t0);
        created += r.importDeals.created;
        unchanged += r.importDeals.unchanged;
      };
      const t0 = performance.now();
      await one(0);
      let next = 1;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < batches.length) await one(next++);
        }),
      );
      return { seconds: (performance.now() - t0) / 1000, created, unchanged, batchMs: batchMs.sort((a, b) => a - b) };
    };

    log(
      `importing ${deals} deals (${stageChanges} stage changes after creation) in ${batches.length} batches of ${BATCH}, ${concurrency} at a time`,
    );
    const db = bench.db;
    const salesCpu = () => treeCpuSeconds(sales.process.child.pid!).total;
    const postmaster = Number(fs.readFileSync(path.join(bench.dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const postgresCpu = () => treeCpuSeconds(postmaster).total;
    if (statements) await db.query('SELECT pg_stat_statements_reset()');
    const cpu0 = salesCpu();
    const pgCpu0 = postgresCpu();
    const first = await load();
    if (first.created !== deals) throw new Error(`expected ${deals} deals created, the calls reported ${first.created}`);
    log(
      `import: ${round(deals / first.seconds, 0)} deals/s (${round(first.seconds, 2)} s, batch p50 ${round(percentile(first.batchMs, 50), 0)} ms)`,
    );
    const drain0 = performance.now();
    for (;;) {
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
      if (rows[0]!.n === '0') break;
      if (performance.now() - drain0 > 600_000) throw new Error(`the relay left ${rows[0]!.n} events unpublished after 10 minutes`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const cpuMsPerDeal = ((salesCpu() - cpu0) * 1000) / deals;
    const pgCpuMsPerDeal = ((postgresCpu() - pgCpu0) * 1000) / deals;
    log(
      `CPU per deal: sales process ${round(cpuMsPerDeal, 2)} ms, its relay's publishing included; Postgres ${round(pgCpuMsPerDeal, 2)} ms (outbox drained ${round((performance.now() - drain0) / 1000, 1)} s after the last call); load average ${os
        .loadavg()
        .map((l) => round(l, 1))
        .join(' ')}`,
    );
    if (statements) for (const line of await statementBreakdown(db, deals, 'deal')) log(line);
    const again = await load();
    if (again.unchanged !== deals) throw new Error(`expected ${deals} deals unchanged, the calls reported ${again.unchanged}`);
    log(`re-import (every deal UNCHANGED): ${round(deals / again.seconds, 0)} deals/s (${round(again.seconds, 2)} s)`);

    // The dashboard at scale: the rest up to `opportunities` added in SQL (closed deals over ten years, 35 owners),
    // as the import would have written them, then salesBreakdown by owner x quarter, all time.
    const have = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM opportunity')).rows[0]!.n);
    const t0 = performance.now();
    await db.query(
      `INSERT INTO opportunity (id, customer_id, name, amount, currency, close_date, owner_id, pipeline_id, stage_id, status, closed_at, created_at, updated_at)
       SELECT gen_random_uuid(), c.ids[1 + g % cardinality(c.ids)], 'Seeded ' || g, 100 + g % 5000, 'USD', d::date,
              ('b0000000-0000-4000-8000-' || lpad(to_hex(g % ${OWNERS}), 12, '0'))::uuid,
              '0a7f0000-0000-4000-8000-000000000001',
              CASE WHEN g % 3 = 0 THEN '${STAGE.lost}'::uuid ELSE '${STAGE.won}'::uuid END,
              CASE WHEN g % 3 = 0 THEN 'LOST' ELSE 'WON' END, d, d - interval '40 days', now()
       FROM generate_series(1, $1::int) g
       CROSS JOIN LATERAL (SELECT timestamptz '2016-01-01' + (g % 3650) * interval '1 day' AS d) t
       CROSS JOIN (SELECT array_agg(id) AS ids FROM customer) c`,
      [Math.max(0, opportunities - have)],
    );
    await db.query('ANALYZE opportunity');
    log(
      `seeded ${Math.max(0, opportunities - have)} more opportunities in SQL (${round((performance.now() - t0) / 1000, 1)} s): ${Math.max(have, opportunities)} in all`,
    );
    const BREAKDOWN = '{ salesBreakdown(by: OWNER, period: QUARTER, currency: "USD") { truncated rows { period key wonCount } } }';
    for (let i = 0; i < 3; i++) await gql(BREAKDOWN); // warm-up
    const samples: number[] = [];
    let groups = 0;
    for (let i = 0; i < DASHBOARD_SAMPLES; i++) {
      const s0 = performance.now();
      groups = (await gql<{ salesBreakdown: { rows: unknown[] } }>(BREAKDOWN)).salesBreakdown.rows.length;
      samples.push(performance.now() - s0);
    }
    samples.sort((a, b) => a - b);
    log(
      `dashboard by owner x quarter at ${Math.max(have, opportunities)} opportunities: p50 ${round(percentile(samples, 50), 0)} ms, p95 ${round(percentile(samples, 95), 0)} ms (${groups} groups)`,
    );

    const results = {
      at: new Date().toISOString(),
      machine: `${os.cpus().length} cpus, node ${process.version}`,
      deals,
      batchSize: BATCH,
      concurrency,
      stageChangesAfterCreation: stageChanges,
      importDealsPerSecond: round(deals / first.seconds, 0),
      importBatchP50Ms: round(percentile(first.batchMs, 50), 0),
      salesCpuMsPerDeal: round(cpuMsPerDeal, 2),
      postgresCpuMsPerDeal: round(pgCpuMsPerDeal, 2),
      loadAverage: os.loadavg().map((l) => round(l, 1)),
      reimportDealsPerSecond: round(deals / again.seconds, 0),
      dashboard: {
        opportunities: Math.max(have, opportunities),
        byOwnerQuarterP50Ms: round(percentile(samples, 50), 0),
        byOwnerQuarterP95Ms: round(percentile(samples, 95), 0),
        groups,
      },
    };
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    log(`wrote ${path.relative(ROOT, RESULTS_FILE)}`);
  } finally {
    await bench.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
