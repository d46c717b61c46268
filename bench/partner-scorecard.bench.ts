/**
 * Partner scorecard benchmark: `partnerScorecard` for one partner, and a page of the channel
 * team's `partnerScorecards` list, at 500 partners and 300,000 opportunities (issue 16). A
 * benchmark, not a test: it prints figures (and writes bench/results/partner-scorecard.json), and
 * fails only on errors, never on a missed goal.
 *
 *   npm run bench:scorecard [-- --partners 500 --opportunities 300000 --lead-offers 50000 --samples 50] [--explain]
 *
 * Real and local: an embedded Postgres, the development broker and the partners subgraph as their
 * own processes, on free ports; the data is seeded in SQL as the consumers would have written it
 * (sales' opportunities in the read model, a tenth of them with a registration, commissions on the
 * won ones, lead offers answered in every way); the bench calls the subgraph's /graphql as an admin.
 *
 * Goal (issue 16): the scorecard's p50 under 100 ms.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { arg, log, percentile, ROOT, round, startBenchSubgraph } from './bench-subgraph';

const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'partner-scorecard.json');

async function main(): Promise<void> {
  const partners = arg('partners', 500);
  const opportunities = arg('opportunities', 300_000);
  const samples = arg('samples', 50);
  const leadOffers = arg('lead-offers', 50_000);
  // --explain: after the samples, Postgres logs the plan (EXPLAIN ANALYZE, buffers) of every
  // statement of one more call of each, through auto_explain, and the bench prints them.
  const explain = process.argv.includes('--explain');
  let plans: string[] | null = null;
  const bench = await startBenchSubgraph('partners', { postgresLog: (line) => plans?.push(line) });
  try {
    // Seeded as the consumers and mutations would have written the rows: partners; sales'
    // opportunities (two thirds of the closed ones won) spread over them and ten years; a
    // registration for every tenth; a commission on every won one that carries a partner.
    const db = bench.db;
    const t0 = performance.now();
    await db.query(
      `INSERT INTO partner (id, name, name_key, kind, tier, status, created_at)
       SELECT ('a0000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'Partner ' || g, 'partner ' || g, 'RESELLER',
              (ARRAY['REGISTERED','SILVER','GOLD','PLATINUM'])[1 + g % 4], 'ACTIVE', now()
       FROM generate_series(1, $1::int) g`,
      [partners],
    );
    await db.query(
      `INSERT INTO open_opportunity (opportunity_id, customer_id, status, partner_id, amount, currency, closed_at)
       SELECT ('b0000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, gen_random_uuid(),
              CASE WHEN g % 5 = 0 THEN 'OPEN' WHEN g % 3 = 0 THEN 'LOST' ELSE 'WON' END,
              ('a0000000-0000-4000-8000-' || lpad(to_hex(1 + g % $2::int), 12, '0'))::uuid,
              100 + g % 5000, CASE WHEN g % 7 = 0 THEN 'USD' ELSE 'EUR' END,
              CASE WHEN g % 5 = 0 THEN NULL ELSE timestamptz '2016-01-01' + (g % 3650) * interval '1 day' END
       FROM generate_series(1, $1::int) g`,
      [opportunities, partners],
    );
    await db.query(
      `INSERT INTO deal_registration (id, partner_id, company_name, domain, contact_name, contact_email, product_interest, amount, currency,
              expected_close, status, opportunity_id, submitted_at)
       SELECT gen_random_uuid(), o.partner_id, 'Company', 'company-' || g || '.example', 'Contact', 'c@example.com', 'CRM', o.amount, o.currency,
              '2030-01-01', CASE o.status WHEN 'OPEN' THEN 'APPROVED' ELSE o.status END, o.opportunity_id,
              coalesce(o.closed_at, now()) - interval '30 days'
       FROM open_opportunity o CROSS JOIN LATERAL (SELECT right(o.opportunity_id::text, 12) AS g) n
       WHERE ('x' || right(o.opportunity_id::text, 8))::bit(32)::int % 10 = 0`,
    );
    await db.query(
      `INSERT INTO commission (id, partner_id, opportunity_id, customer_id, plan_id, rate_percent, base_amount, amount, currency, status, period, accrued_at)
       SELECT gen_random_uuid(), o.partner_id, o.opportunity_id, o.customer_id, gen_random_uuid(), 10, o.amount, o.amount / 10, o.currency,
              CASE WHEN ('x' || right(o.opportunity_id::text, 8))::bit(32)::int % 2 = 0 THEN 'PAID' ELSE 'ACCRUED' END,
              to_char(o.closed_at, 'YYYY-MM'), o.closed_at
       FROM open_opportunity o WHERE o.status = 'WON'`,
    );
    // Leads routed to the channel, each offered to one partner: a fifth still pending, the rest
    // answered (three in five accepted, minutes to hours after the offer) or run out.
    await db.query(
      `INSERT INTO distributed_lead (lead_id, company, country, status, routed_at)
       SELECT ('c0000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'Lead ' || g, 'DE', 'OFFERED',
              timestamptz '2016-01-01' + (g % 3650) * interval '1 day'
       FROM generate_series(1, $1::int) g`,
      [leadOffers],
    );
    await db.query(
      `INSERT INTO lead_offer (id, lead_id, partner_id, rule_id, status, offered_at, expires_at, decided_at)
       SELECT gen_random_uuid(), l.lead_id, ('a0000000-0000-4000-8000-' || lpad(to_hex(1 + g % $1::int), 12, '0'))::uuid, gen_random_uuid(),
              s.status, l.routed_at, l.routed_at + interval '1 day',
              CASE WHEN s.status <> 'PENDING' THEN l.routed_at + (g % 1440) * interval '1 minute' END
       FROM distributed_lead l
       CROSS JOIN LATERAL (SELECT ('x' || right(l.lead_id::text, 8))::bit(32)::int AS g) n
       CROSS JOIN LATERAL (SELECT (ARRAY['PENDING', 'ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'DECLINED', 'EXPIRED'])[1 + g % 6] AS status) s`,
      [partners],
    );
    await db.query('VACUUM ANALYZE');
    // Loaded in every session, but logging nothing (and costing nothing) until the samples are taken.
    if (explain) await db.query(`ALTER DATABASE partners SET session_preload_libraries = 'auto_explain'`);
    const counts = (
      await db.query<Record<string, string>>(
        `SELECT (SELECT count(*) FROM partner) AS partners, (SELECT count(*) FROM open_opportunity) AS opportunities,
                (SELECT count(*) FROM deal_registration) AS registrations, (SELECT count(*) FROM commission) AS commissions,
                (SELECT count(*) FROM lead_offer) AS "leadOffers"`,
      )
    ).rows[0]!;
    log(`seeded ${JSON.stringify(counts)} in ${round((performance.now() - t0) / 1000, 1)} s`);

    const { gql } = await bench.serve();
    const timed = async (ask: (i: number) => Promise<unknown>): Promise<number[]> => {
      for (let i = 0; i < 5; i++) await ask(i); // warm-up: plans cached, pool open
      const ms: number[] = [];
      for (let i = 0; i < samples; i++) {
        const start = performance.now();
        await ask(i);
        ms.push(performance.now() - start);
      }
      return ms.sort((a, b) => a - b);
    };

    const ONE = `query($p: ID!) { partnerScorecard(partnerId: $p) { registrationsSubmitted registrationsWon winRate
      revenue { amount currency } commissionsAccrued { amount currency } commissionsPaid { amount currency } } }`;
    const partnerId = (i: number) => `a0000000-0000-4000-8000-${(1 + ((i * 37) % partners)).toString(16).padStart(12, '0')}`;
    const one = await timed((i) => gql(ONE, { p: partnerId(i) }));
    const LIST = `query { partnerScorecards(sort: WIN_RATE_DESC, first: 50) { edges { node { partnerId registrationsWon winRate
      revenue { amount currency } commissionsAccrued { amount currency } } } } }`;
    const list = await timed(() => gql(LIST));

    if (explain) {
      const superuser = new Client({ connectionString: bench.adminUrl });
      await superuser.connect();
      await superuser.query("LOAD 'auto_explain'");
      for (const setting of ['log_min_duration = 0', 'log_analyze = on', 'log_buffers = on', 'log_nested_statements = on']) {
        await superuser.query(`ALTER SYSTEM SET auto_explain.${setting}`);
      }
      await superuser.query('SELECT pg_reload_conf()');
      await superuser.end();
      await new Promise((r) => setTimeout(r, 500)); // the sessions take the reloaded settings between statements
      for (const [name, ask] of [
        ['partnerScorecard', () => gql(ONE, { p: partnerId(1) })],
        ['partnerScorecards', () => gql(LIST)],
      ] as const) {
        plans = [];
        await ask();
        await new Promise((r) => setTimeout(r, 500)); // the log lines arrive after the answer
        log(`plans of one ${name} call:\n${plans.join('\n')}`);
        plans = null;
      }
    }

    const figures = {
      at: new Date().toISOString(),
      // The machine is shared: the 1, 5 and 15 minute load averages when the samples ended.
      loadAverage: os.loadavg().map((l) => round(l, 2)),
      seeded: counts,
      scorecard: { samples, p50Ms: round(percentile(one, 50)), p95Ms: round(percentile(one, 95)), goalP50Ms: 100 },
      scorecardsPageOf50: { samples, p50Ms: round(percentile(list, 50)), p95Ms: round(percentile(list, 95)) },
    };
    log(`load average ${figures.loadAverage.join(' ')} on ${os.cpus().length} cores`);
    log(
      `partnerScorecard: p50 ${figures.scorecard.p50Ms} ms, p95 ${figures.scorecard.p95Ms} ms (goal: p50 under 100 ms${figures.scorecard.p50Ms < 100 ? ', met' : ', MISSED'})`,
    );
    log(
      `partnerScorecards, a page of 50 by win rate: p50 ${figures.scorecardsPageOf50.p50Ms} ms, p95 ${figures.scorecardsPageOf50.p95Ms} ms`,
    );
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    await bench.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
