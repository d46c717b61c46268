/**
 * Search benchmark (issue 19): search across everything at 100,000 customers and 300,000
 * contacts. A benchmark, not a test: it prints figures (and writes bench/results/search.json), and
 * fails only on errors, never on a missed goal.
 *
 *   npm run bench:search [-- --customers 100000 --queries 60] [--explain]
 *
 * Real and local: an embedded Postgres, the development broker and the analytics subgraph as their
 * own processes, on free ports. The index is seeded in SQL as the search consumer writes it (three
 * contacts a customer, each customer's document carrying its contacts' emails), then analyzed; the
 * bench calls analytics' /graphql as an admin, one query at a time, for each query shape:
 *   - email: a contact's email, exactly (it must rank first);
 *   - prefix: the first letters of two words of a company's name ("Nort Dyna");
 *   - typo: a company's full name with two letters swapped;
 *   - person: a contact's first name and the start of the last ("Ada Lovel");
 *   - partner: the prefix query as a partner, who finds only its own deals (one deal a customer,
 *     spread over 50 partners) and the customers it is linked to (each deal's customer: 2,000 a
 *     partner at 100,000 customers).
 *
 * `--explain` profiles instead of timing: the analytics role runs with auto_explain (ANALYZE,
 * BUFFERS), so each shape's plan is the one the API runs, with its role, its row-level security
 * settings and its parameters; the first query of each shape, the plans written to bench/results/search-plans.txt.
 *
 * Goal (issue 19): p50 under 50 ms.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { arg, log, percentile, ROOT, round, startBenchSubgraph } from './bench-subgraph';

const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'search.json');
const PLANS_FILE = path.join(ROOT, 'bench', 'results', 'search-plans.txt');
const PARTNERS = 50;
const GOAL_MS = 50;

const WORDS_A = [
  'Nortech',
  'Bluewave',
  'Granite',
  'Silverline',
  'Kestrel',
  'Orion',
  'Pinnacle',
  'Harbor',
  'Vertex',
  'Summit',
  'Cobalt',
  'Meridian',
  'Aurora',
  'Falcon',
  'Evergreen',
  'Redwood',
  'Quantum',
  'Lumen',
  'Atlas',
  'Sterling',
];
const WORDS_B = [
  'Dynamics',
  'Logistics',
  'Analytics',
  'Foods',
  'Robotics',
  'Textiles',
  'Energy',
  'Pharma',
  'Systems',
  'Holdings',
  'Retail',
  'Media',
  'Motors',
  'Labs',
  'Capital',
  'Networks',
  'Health',
  'Studios',
  'Works',
  'Partners',
];
const SUFFIXES = ['GmbH', 'Ltd', 'Inc', 'SA', 'BV', 'AG', 'Corp'];
const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Donald',
  'Margaret',
  'Dennis',
  'Frances',
  'Ken',
  'Radia',
  'John',
  'Sophie',
  'Tim',
  'Hedy',
  'Claude',
  'Katherine',
  'Linus',
  'Joan',
  'Niklaus',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Hamilton',
  'Ritchie',
  'Allen',
  'Thompson',
  'Perlman',
  'Backus',
  'Wilson',
  'Berners',
  'Lamarr',
  'Shannon',
  'Johnson',
  'Torvalds',
  'Clarke',
  'Wirth',
];

const sqlArray = (words: string[]) => `(ARRAY[${words.map((w) => `'${w}'`).join(',')}])`;

async function main(): Promise<void> {
  const customers = arg('customers', 100_000);
  const explain = process.argv.includes('--explain');
  const queries = arg('queries', 60);
  // The subgraph connects as its service role, which row-level security applies to, as in
  // production: the search index's scopes are policies, and what they cost is measured too.
  const pgLog: string[] = [];
  const bench = await startBenchSubgraph('analytics', { postgresLog: (line) => void (explain && pgLog.push(line)) });
  try {
    // Customer g is named from two word lists and a suffix (each name some 35 times over), with a
    // domain of its own; its contacts g*3+k have a first and a last name and a unique email there.
    // Seeded past row-level security, as the superuser.
    const db = bench.db;
    const t0 = performance.now();
    const id = (prefix: string, n: string) => `('${prefix}0000000-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
    const name = `${sqlArray(WORDS_A)}[1 + g % ${WORDS_A.length}] || ' ' || ${sqlArray(WORDS_B)}[1 + (g / ${WORDS_A.length}) % ${WORDS_B.length}] || ' ' || ${sqlArray(SUFFIXES)}[1 + g % ${SUFFIXES.length}]`;
    const domain = `lower(${sqlArray(WORDS_A)}[1 + g % ${WORDS_A.length}]) || g || '.example'`;
    const person = `${sqlArray(FIRST)}[1 + c % ${FIRST.length}] || ' ' || ${sqlArray(LAST)}[1 + (c / ${FIRST.length}) % ${LAST.length}]`;
    const email = `lower(${sqlArray(FIRST)}[1 + c % ${FIRST.length}]) || '.' || c || '@' || ${domain}`;
    // Documents as the search consumer writes them, then their terms: A the title, B emails and
    // domains, C the rest; keys the lower-cased emails and domains.
    await db.query(
      `INSERT INTO search_document (type, id, title, fields, customer_id, changed_at)
       SELECT 'CONTACT', ${id('b', 'c')}, p.person, jsonb_build_object('name', p.person, 'emails', jsonb_build_array(p.email)), ${id('a', 'g')}, now()
       FROM generate_series(1, $1::int) g, generate_series(0, 2) k, LATERAL (SELECT g * 3 + k AS c) cc,
         LATERAL (SELECT ${person} AS person, ${email} AS email) p`,
      [customers],
    );
    await db.query(
      `INSERT INTO search_document (type, id, title, fields, customer_id, changed_at)
       SELECT 'CUSTOMER', ${id('a', 'g')}, n.name,
         jsonb_build_object('name', n.name, 'domain', n.domain, 'industry', 'Software', 'tags', '[]'::jsonb, 'contactEmails', e.emails), ${id('a', 'g')}, now()
       FROM generate_series(1, $1::int) g, LATERAL (SELECT ${name} AS name, ${domain} AS domain) n,
         LATERAL (SELECT jsonb_agg(${email} ORDER BY c) AS emails FROM generate_series(g * 3, g * 3 + 2) c) e`,
      [customers],
    );
    // One deal a customer, named after it, for one of the partners.
    await db.query(
      `INSERT INTO search_document (type, id, title, fields, partner_id, customer_id, changed_at)
       SELECT 'OPPORTUNITY', ${id('c', 'g')}, n.name, jsonb_build_object('name', n.name), ${id('d', `g % ${PARTNERS}`)}, ${id('a', 'g')}, now()
       FROM generate_series(1, $1::int) g, LATERAL (SELECT ${name} || ' renewal' AS name) n`,
      [customers],
    );
    // Each partner is linked to its deals' customers, so its search finds those customers too.
    await db.query(
      `INSERT INTO search_partner_customer (partner_id, customer_id)
       SELECT ${id('d', `g % ${PARTNERS}`)}, ${id('a', 'g')} FROM generate_series(1, $1::int) g`,
      [customers],
    );
    await db.query(
      `INSERT INTO search_term (type, id, title, keys, document)
       SELECT d.type, d.id, d.title, ARRAY(SELECT lower(v) FROM unnest(k.keys) v),
         setweight(to_tsvector('simple', d.title), 'A') || setweight(to_tsvector('simple', array_to_string(k.keys, ' ')), 'B')
           || setweight(to_tsvector('simple', coalesce(d.fields->>'industry', '')), 'C')
       FROM search_document d, LATERAL (
         SELECT ARRAY(SELECT jsonb_array_elements_text(coalesce(d.fields->'emails', '[]') || coalesce(d.fields->'contactEmails', '[]')
           || CASE WHEN d.fields ? 'domain' THEN jsonb_build_array(d.fields->'domain') ELSE '[]' END)) AS keys
       ) k`,
    );
    await db.query('VACUUM ANALYZE search_document');
    await db.query('VACUUM ANALYZE search_term');
    await db.query('VACUUM ANALYZE search_partner_customer');
    const counts = await db.query<{ type: string; n: string }>(
      'SELECT type, count(*) AS n FROM search_document GROUP BY type ORDER BY type',
    );
    log(`seeded ${counts.rows.map((r) => `${r.n} ${r.type.toLowerCase()}s`).join(', ')} in ${round((performance.now() - t0) / 1000, 2)} s`);

    // The queries, from seeded rows picked evenly (an odd step, so their deals are several partners').
    const step = Math.max(1, Math.floor(customers / queries)) | 1;
    const picked = await db.query<{ name: string; person: string; email: string; partner: number }>(
      `SELECT c.title AS name, p.title AS person, p.fields->'emails'->>0 AS email,
         (('x' || right(c.id::text, 8))::bit(32)::int % ${PARTNERS})::int AS partner
       FROM search_document c JOIN search_document p ON p.type = 'CONTACT' AND p.customer_id = c.id
       WHERE c.type = 'CUSTOMER' AND ('x' || right(c.id::text, 8))::bit(32)::int % $1 = 0 AND right(p.id::text, 1) IN ('0', '3', '6', '9')
       ORDER BY c.id LIMIT $2`,
      [step, queries],
    );
    if (explain) {
      // Every statement of the analytics role's new sessions, planned and run as the API runs it.
      for (const setting of [
        "session_preload_libraries = 'auto_explain'",
        'auto_explain.log_min_duration = 0',
        'auto_explain.log_analyze = on',
        'auto_explain.log_buffers = on',
        'auto_explain.log_nested_statements = on',
      ])
        await db.query(`ALTER ROLE analytics SET ${setting}`);
    }
    const swap = (s: string, i: number) => s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    const shapes: Record<string, string[]> = {
      email: picked.rows.map((r) => r.email),
      prefix: picked.rows.map((r) =>
        r.name
          .split(' ')
          .slice(0, 2)
          .map((w) => w.slice(0, 4))
          .join(' '),
      ),
      typo: picked.rows.map((r) => swap(r.name, 3)),
      person: picked.rows.map((r) => `${r.person.split(' ')[0]} ${r.person.split(' ')[1]!.slice(0, 5)}`),
    };
    shapes.partner = shapes.prefix!;

    const serving = await bench.serve();
    // A partner query is made from its customer's name, as the deal's partner (g % 50): it must find its own deal.
    const partnerHeaders = await Promise.all(
      picked.rows.map(async (r) => ({
        authorization: `Bearer ${await bench.tokenFor({
          roles: ['partner'],
          partnerId: `d0000000-0000-4000-8000-${r.partner.toString(16).padStart(12, '0')}`,
          userId: '00000000-0000-4000-a000-000000000002',
        })}`,
      })),
    );
    type Hit = { type: string; score: number; record: { __typename: string } };
    const search = async (q: string, shape: string, i = 0): Promise<Hit[]> => {
      const res = await fetch(`${serving.origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(shape === 'partner' ? partnerHeaders[i] : serving.headers) },
        body: JSON.stringify({
          query: 'query($q: String!) { search(query: $q, first: 20) { type score record { __typename } } }',
          variables: { q },
        }),
      });
      const body = (await res.json()) as { data?: { search: Hit[] }; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 2000));
      return body.data!.search;
    };

    // Warm the connection pool and the caches once, as a serving process is.
    for (const q of shapes.prefix!.slice(0, 5)) await search(q, 'prefix');
    if (explain) {
      const plans: string[] = [];
      for (const [shape, list] of Object.entries(shapes)) {
        pgLog.length = 0;
        await search(list[0]!, shape);
        // auto_explain writes to the server's log as the statement ends: let it arrive.
        await new Promise((resolve) => setTimeout(resolve, 500));
        // The search's statements only, not the outbox relay's polls in between.
        const statements = pgLog.join('\n').split(/\n(?=\S.*LOG: {2}duration:)/);
        plans.push(`=== ${shape}: ${JSON.stringify(list[0])}`, ...statements.filter((p) => p.includes('tsquery')), '');
      }
      fs.writeFileSync(PLANS_FILE, `${plans.join('\n')}\n`);
      log(`plans of ${Object.keys(shapes).length} shapes in ${path.relative(ROOT, PLANS_FILE)}`);
      return;
    }
    const figures: Record<string, { queries: number; p50: number; p95: number; max: number; meanHits: number; note?: string }> = {};
    for (const [shape, list] of Object.entries(shapes)) {
      const ms: number[] = [];
      let hits = 0;
      let misses = 0;
      for (const [i, q] of list.entries()) {
        const start = performance.now();
        const found = await search(q, shape, i);
        ms.push(performance.now() - start);
        hits += found.length;
        // An email is exact: its contact and its customer come first.
        if (shape === 'email' && !(found[0]?.score && found[0].score >= 10 && found[1]?.score && found[1].score >= 10)) misses++;
        if (shape !== 'email' && found.length === 0) misses++;
        if (shape === 'partner' && found.some((h) => !['OPPORTUNITY', 'PARTNER', 'CUSTOMER'].includes(h.type)))
          throw new Error(`a partner found ${JSON.stringify(found)}`);
      }
      ms.sort((a, b) => a - b);
      figures[shape] = {
        queries: list.length,
        p50: round(percentile(ms, 50)),
        p95: round(percentile(ms, 95)),
        max: round(ms[ms.length - 1]!),
        meanHits: round(hits / list.length),
        ...(misses ? { note: `${misses} queries did not find what they were made from` } : {}),
      };
      log(
        `${shape}: p50 ${figures[shape].p50} ms, p95 ${figures[shape].p95} ms, max ${figures[shape].max} ms over ${list.length} queries (${figures[shape].meanHits} hits each)${misses ? `; ${misses} MISSED their record` : ''}`,
      );
    }

    const loadAverage = os.loadavg().map((l) => round(l, 2));
    const worstP50 = Math.max(...Object.values(figures).map((f) => f.p50));
    log(`load average ${loadAverage.join(' ')} on ${os.cpus().length} cores`);
    log(
      `worst p50 at ${customers} customers and ${customers * 3} contacts: ${worstP50} ms (goal: under ${GOAL_MS} ms${worstP50 < GOAL_MS ? ', met' : ', MISSED'})`,
    );
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(
      RESULTS_FILE,
      `${JSON.stringify({ at: new Date().toISOString(), loadAverage, customers, contacts: customers * 3, shapes: figures, goalP50Ms: GOAL_MS }, null, 2)}\n`,
    );
  } finally {
    await bench.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
