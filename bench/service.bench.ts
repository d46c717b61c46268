/**
 * Service benchmarks (issue 15): knowledge-base search at 10,000 articles against a lookup by
 * primary key in the same run, the service dashboard at 100,000 cases, and one SLA watcher run over
 * 100,000 open cases. A benchmark, not a test: it prints figures (and writes
 * bench/results/service.json), and fails only on errors, never on a missed goal.
 *
 *   npm run bench:service [-- --articles 10000 --cases 100000 --samples 50]
 *
 * Real and local: an embedded Postgres, the development broker and the service subgraph as their
 * own processes, on free ports; the data is seeded in SQL as the mutations would have written it;
 * the bench calls the subgraph's /graphql as an admin. The watcher's run is timed by the watcher
 * itself (its "SLA breaches marked" log line carries `ms`), in a second start of the subgraph with
 * the watcher on.
 *
 * Goals (issue 15): KB search reported as a ratio to the primary-key lookup; the dashboard's p50
 * under 100 ms; the watcher under 30 s for 100,000 open cases.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lastLines, type ManagedProcess } from '@crm/stack';
import type { Client } from 'pg';
import { arg, log, percentile, ROOT, round, startBenchSubgraph } from './bench-subgraph';

const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'service.json');

const uuid = (prefix: string, n: string) => `('${prefix}-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;

/** Words articles are made of: a search for two of them matches a few hundred of 10,000, as a real query would. */
const WORDS = `printer scanner invoice refund password login account billing shipping delivery warranty battery screen
  keyboard network router firmware update install license subscription export import report calendar email sync
  backup restore error timeout crash slow payment card address order return label tracking`.split(/\s+/);

/** SlaRepository.lockOverdue's statement (kept in step with it by hand: the bench cannot import the app). */
const WATCHER_QUERY = `SELECT id FROM support_case
       WHERE status = ANY($2::text[]) AND sla_paused_at IS NULL
         AND ((first_responded_at IS NULL AND first_response_breached_at IS NULL AND first_response_due_at <= $1)
           OR (resolution_breached_at IS NULL AND resolution_due_at <= $1))
         AND ($4::uuid IS NULL OR id > $4)
       ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`;

async function main(): Promise<void> {
  const articles = arg('articles', 10_000);
  const cases = arg('cases', 100_000);
  const samples = arg('samples', 50);
  const bench = await startBenchSubgraph('service');
  try {
    const db = bench.db;
    const t0 = performance.now();
    await seed(db, articles, cases);
    const counts = (
      await db.query<Record<string, string>>(
        `SELECT (SELECT count(*) FROM kb_article) AS articles, (SELECT count(*) FROM support_case) AS cases,
                (SELECT count(*) FROM support_case WHERE status IN ('NEW', 'OPEN', 'PENDING')) AS open_cases,
                (SELECT count(*) FROM case_satisfaction WHERE answered_at IS NOT NULL) AS csat_answers`,
      )
    ).rows[0]!;
    log(`seeded ${JSON.stringify(counts)} in ${round((performance.now() - t0) / 1000, 1)} s`);

    const subgraph = await bench.serve();
    const gql = subgraph.gql;
    const timed = async (ask: (i: number) => Promise<unknown>): Promise<number[]> => {
      for (let i = 0; i < 5; i++) await ask(i); // warm-up: plans cached, pool open
      const ms: number[] = [];
      for (let i = 0; i < samples; i++) {
        const started = performance.now();
        await ask(i);
        ms.push(performance.now() - started);
      }
      return ms.sort((a, b) => a - b);
    };
    const figure = (ms: number[]) => ({ samples, p50Ms: round(percentile(ms, 50)), p95Ms: round(percentile(ms, 95)) });

    // Knowledge base: a two-word search against the primary-key lookup, interleaved over the same articles.
    const SEARCH = `query($q: String!) { searchKnowledgeArticles(query: $q, first: 10) { edges { node { score snippet article { id title } } } } }`;
    const BY_ID = `query($id: ID!) { knowledgeArticle(id: $id) { id title body } }`;
    const articleId = (i: number) => `a0000000-0000-4000-8000-${(1 + ((i * 37) % articles)).toString(16).padStart(12, '0')}`;
    const search = await timed((i) => gql(SEARCH, { q: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]}` }));
    const byId = await timed((i) => gql(BY_ID, { id: articleId(i) }));

    const DASHBOARD = `query($from: DateTime!, $to: DateTime!) { serviceDashboard(from: $from, to: $to) {
      backlog { open byPriority { priority count } byQueue { queueId count } byAge { age count } averageAgeHours oldestAgeHours }
      firstResponse { met breached running attainment } resolution { met breached running attainment }
      handleTime { resolved averageHours medianHours } satisfaction { answers average distribution { score count } }
      casesByProduct { productId opened open } } }`;
    const now = Date.now();
    const dashboard = await timed(() =>
      gql(DASHBOARD, { from: new Date(now - 90 * 86_400_000).toISOString(), to: new Date(now).toISOString() }),
    );

    // The watcher: every case open and past both of its targets (the worst case: 2 breaches each).
    await subgraph.stop();
    await db.query(
      `UPDATE support_case SET status = 'OPEN', sla_paused_at = NULL, first_responded_at = NULL, first_response_breached_at = NULL,
              resolution_breached_at = NULL, resolved_at = NULL, closed_at = NULL, escalation_level = 0,
              first_response_due_at = now() - interval '2 hours', resolution_due_at = now() - interval '1 hour'`,
    );
    await db.query('VACUUM ANALYZE support_case');
    // The watcher's query as it runs it (bound parameters, planned for their values), halfway
    // through a walk: the plan shows whether `id > afterId` bounds the index scan or every batch
    // rescans the rows before it.
    const [middle] = (await db.query<{ id: string }>('SELECT id FROM support_case ORDER BY id OFFSET $1 LIMIT 1', [Math.floor(cases / 2)]))
      .rows;
    await db.query('BEGIN');
    const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${WATCHER_QUERY}`, [
      new Date(),
      ['NEW', 'OPEN', 'PENDING'],
      500,
      middle?.id ?? null,
    ]);
    await db.query('ROLLBACK');
    log(`the watcher's batch query halfway through ${cases} overdue cases:\n${plan.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}`);
    const watching = await bench.serve({
      name: 'service-watcher',
      env: { SLA_WATCH_ENABLED: 'true', SLA_WATCH_INTERVAL_MS: '1000', LOG_LEVEL: 'info' },
    });
    const run = await watcherRun(watching.process);
    const marked = (
      await db.query<{ breaches: string; events: string }>(
        `SELECT (SELECT count(*) FILTER (WHERE first_response_breached_at IS NOT NULL) + count(*) FILTER (WHERE resolution_breached_at IS NOT NULL)
                 FROM support_case) AS breaches,
                (SELECT count(*) FROM outbox WHERE type = 'crm.service.case.sla-breached.v1') AS events`,
      )
    ).rows[0]!;

    const figures = {
      at: new Date().toISOString(),
      loadAverage: os.loadavg().map((l) => round(l, 2)),
      seeded: counts,
      knowledgeSearch: figure(search),
      knowledgeArticleById: figure(byId),
      searchToLookupP50Ratio: round(percentile(search, 50) / percentile(byId, 50), 2),
      dashboard: { ...figure(dashboard), goalP50Ms: 100 },
      slaWatcher: {
        openCases: cases,
        marked: run.marked,
        ms: run.ms,
        goalMs: 30_000,
        breachesInDatabase: marked.breaches,
        events: marked.events,
      },
    };
    log(`load average ${figures.loadAverage.join(' ')} (1, 5, 15 min) on ${os.cpus().length} cores`);
    log(
      `KB search at ${counts.articles} articles: p50 ${figures.knowledgeSearch.p50Ms} ms, p95 ${figures.knowledgeSearch.p95Ms} ms; ` +
        `by primary key p50 ${figures.knowledgeArticleById.p50Ms} ms: search/lookup ${figures.searchToLookupP50Ratio}x`,
    );
    log(
      `serviceDashboard at ${counts.cases} cases: p50 ${figures.dashboard.p50Ms} ms, p95 ${figures.dashboard.p95Ms} ms (goal: p50 under 100 ms${figures.dashboard.p50Ms < 100 ? ', met' : ', MISSED'})`,
    );
    log(
      `SLA watcher over ${cases} open cases: ${run.marked} breaches marked in ${round(run.ms / 1000, 1)} s (goal: under 30 s${run.ms < 30_000 ? ', met' : ', MISSED'}); ${marked.events} events`,
    );
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    await bench.stop();
  }
}

/** Articles, queues, an SLA policy, cases over the last year in every status, and CSAT answers on a fifth of the resolved ones. */
async function seed(db: Client, articles: number, cases: number): Promise<void> {
  await db.query(
    `INSERT INTO kb_article (id, status, visibility, title, body, published_version, latest_version, created_at, updated_at, published_at)
     SELECT ${uuid('a0000000', 'g')}, 'PUBLISHED', 'PUBLIC',
            initcap(w[1 + g % n]) || ' ' || w[1 + (g / n) % n] || ' guide ' || g,
            (SELECT string_agg(w[1 + (g * k * 7 + k) % n], ' ') FROM generate_series(1, 120) k),
            1, 1, now(), now(), now()
     FROM generate_series(1, $1::int) g, (SELECT $2::text[] AS w, cardinality($2::text[]) AS n) words`,
    [articles, WORDS],
  );
  await db.query(
    `UPDATE kb_article SET search = setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')`,
  );
  await db.query(
    `INSERT INTO queue (id, name, routing_mode, created_at)
     SELECT ${uuid('c0000000', 'g')}, 'Queue ' || g, 'ROUND_ROBIN', now() FROM generate_series(1, 11) g`,
  );
  await db.query(
    `INSERT INTO business_calendar (id, name, time_zone, working_days, hours, holidays, created_at)
     VALUES ('b0000000-0000-4000-8000-000000000001', 'Around the clock', 'UTC', '{1,2,3,4,5,6,7}', '[{"start":"00:00","end":"24:00"}]', '{}', now())`,
  );
  await db.query(
    `INSERT INTO sla_policy (id, priority, calendar_id, first_response_minutes, resolution_minutes, escalation_queue_id)
     SELECT gen_random_uuid(), p, 'b0000000-0000-4000-8000-000000000001', 60 * r, 480 * r, ${uuid('c0000000', '11')}
     FROM unnest(ARRAY['URGENT', 'HIGH', 'MEDIUM', 'LOW']) WITH ORDINALITY AS t(p, r)`,
  );
  // Three in ten open, five resolved, two closed; answered in time four times in five.
  await db.query(
    `INSERT INTO support_case (id, customer_id, subject, type, channel, priority, priority_rank, status, product_id, contact_id, queue_id,
            opened_at, updated_at, first_response_due_at, resolution_due_at, first_responded_at, sla_paused_at, resolved_at, closed_at)
     SELECT ${uuid('d0000000', 'g')}, ${uuid('e0000000', '1 + g % 20000')}, 'Case ' || g, 'REQUEST', 'WEB',
            (ARRAY['LOW', 'MEDIUM', 'HIGH', 'URGENT'])[1 + g % 4], 1 + g % 4, s.status, ${uuid('f0000000', '1 + g % 200')}, gen_random_uuid(),
            ${uuid('c0000000', '1 + g % 10')}, o.at, o.at, o.at + interval '4 hours', o.at + interval '2 days',
            o.at + CASE WHEN g % 5 = 0 THEN interval '6 hours' ELSE (g % 200) * interval '1 minute' END,
            CASE WHEN s.status = 'PENDING' THEN o.at + interval '1 day' END,
            CASE WHEN s.status IN ('RESOLVED', 'CLOSED') THEN o.at + (g % 96) * interval '1 hour' END,
            CASE WHEN s.status = 'CLOSED' THEN o.at + (g % 96 + 24) * interval '1 hour' END
     FROM generate_series(1, $1::int) g
     CROSS JOIN LATERAL (SELECT now() - (g % 365) * interval '1 day' - (g % 1440) * interval '1 minute' AS at) o
     CROSS JOIN LATERAL (SELECT CASE WHEN g % 10 < 3 THEN (ARRAY['NEW', 'OPEN', 'PENDING'])[1 + g % 3]
                                     WHEN g % 10 < 8 THEN 'RESOLVED' ELSE 'CLOSED' END AS status) s`,
    [cases],
  );
  await db.query(
    `INSERT INTO case_satisfaction (case_id, contact_id, sent_at, expires_at, score, comment, answered_at)
     SELECT id, contact_id, resolved_at, resolved_at + interval '30 days', 1 + abs(hashtext(id::text)) % 5, NULL, resolved_at + interval '1 day'
     FROM support_case WHERE resolved_at IS NOT NULL AND abs(hashtext(id::text)) % 5 = 0`,
  );
  await db.query('VACUUM ANALYZE');
}

/** The first watcher run's own figures, from its log line; a run that fails is an error here. */
async function watcherRun(p: ManagedProcess): Promise<{ marked: number; ms: number }> {
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    for (const line of fs.readFileSync(p.logFile, 'utf8').split('\n')) {
      if (line.includes('SLA watcher failed')) throw new Error(`the SLA watcher failed:\n${line}`);
      if (!line.includes('SLA breaches marked')) continue;
      const entry = JSON.parse(line) as { marked: number; ms: number };
      return { marked: entry.marked, ms: entry.ms };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no SLA watcher run within 10 minutes:\n${lastLines(p.logFile)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
