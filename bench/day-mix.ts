/**
 * A day's mix (issue 22): what the console and the partner portal send on a working day, replayed
 * through the gateway at a steady rate. `npm run bench:mix` (gateway.bench.ts --mix) starts and
 * seeds the bench stack and calls runDayMix.
 *
 * The mix, by weight: 70 % reads (the 360, its timeline, the customer, lead, case and partner
 * lists, an opportunity, the sales dashboard, knowledge search), 25 % writes across the five
 * domains (a lead, a deal, a case, a note, a partner's deal registration), 5 % heavy reads (OLAP
 * cubes with ROLLUP). The reads send the console's own operations (bench/console-operations.ts),
 * so the mix follows the console as it grows.
 *
 * It steps the rate up (--mix-step-seconds at each) until p99 passes 500 ms or a reply errs, then
 * holds the highest rate that passed for --mix-minutes, and reports for that run: p50/p99 by kind,
 * errored replies, the event lag (p95 from an event's outbox row to analytics' inbox), and per
 * process the CPU ms per request and RSS at the end.
 */
import * as fs from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { withPgClient } from '@crm/embedded-postgres';
import { SUBGRAPHS } from '@crm/registry';
import { PREFIX, seedUuid } from './bulk-seed';
import { consoleOperations } from './console-operations';
import { rssMb, treeCpuSeconds } from './process-tree';

const RESULTS_JSON = path.resolve(__dirname, '../../bench/results/day-mix.json');
const P99_LIMIT_MS = 500;

export interface MixStack {
  /** The gateway's /graphql. */
  gatewayUrl: string;
  /** The staff (admin) token's headers. */
  headers: Record<string, string>;
  /** A partner user's token for partner `partnerId` (the partner endpoint takes partner tokens only). */
  partnerHeaders: (partnerId: string) => Promise<Record<string, string>>;
  /** Each service's database, as the bench's admin reaches it. */
  adminUrls: Record<string, string>;
  /** The platform's processes: name and pid. */
  processes: { name: string; pid: number | undefined }[];
}

export interface MixOptions {
  customers: number;
  partners: number;
  minutes: number;
  stepSeconds: number;
  startRate: number;
}

type Kind = 'read' | 'write' | 'heavy';

interface Request {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

interface MixEntry {
  name: string;
  kind: Kind;
  weight: number;
  make: (n: number) => Request;
}

const pick = (n: number, size: number) => (n * 7919) % size;

/** The weighted list of what a day sends; `n` numbers each request so that ids and emails differ. */
function theMix(stack: MixStack, opts: MixOptions, partnerHeaders: Record<string, string>[]): MixEntry[] {
  const ops = new Map(consoleOperations().map((op) => [op.name, op]));
  const text = (name: string) => {
    const op = ops.get(name);
    if (!op) throw new Error(`the console has no operation ${name} any more: update bench/day-mix.ts`);
    return op.text;
  };
  const customer = (n: number) => seedUuid(PREFIX.customer, pick(n, opts.customers));
  const partner = (n: number) => pick(n, opts.partners);
  const graphql = stack.gatewayUrl;
  const staff = (query: string, variables: (n: number) => Record<string, unknown>) => (n: number) => ({
    url: graphql,
    headers: stack.headers,
    body: { query, variables: variables(n) },
  });
  const registerDeal = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../apps/gateway/partner-operations.json'), 'utf8')) as Record<
    string,
    string
  >;
  const registerDealHash = Object.entries(registerDeal).find(([, t]) => t.startsWith('mutation PartnerRegisterDeal'))?.[0];
  if (!registerDealHash) throw new Error('the partner safelist has no PartnerRegisterDeal any more: update bench/day-mix.ts');
  const olap = `query Olap($query: OlapQueryInput!) { olap(query: $query) { dimensions measures rows { keys subtotal values } truncated } }`;
  const run = Date.now().toString(36);
  return [
    { name: 'Customer360', kind: 'read', weight: 25, make: staff(text('Customer360'), (n) => ({ id: customer(n) })) },
    { name: 'CustomerTimeline', kind: 'read', weight: 8, make: staff(text('CustomerTimeline'), (n) => ({ id: customer(n), first: 20 })) },
    { name: 'Customers', kind: 'read', weight: 8, make: staff(text('Customers'), () => ({ first: 25, sort: 'CREATED_AT_DESC' })) },
    { name: 'Leads', kind: 'read', weight: 7, make: staff(text('Leads'), () => ({ first: 25, sort: 'CREATED_AT_DESC' })) },
    { name: 'CaseQueue', kind: 'read', weight: 7, make: staff(text('CaseQueue'), () => ({ first: 25, sort: 'PRIORITY_DESC' })) },
    {
      name: 'SalesDashboard',
      kind: 'read',
      weight: 5,
      make: staff(text('SalesDashboard'), () => ({ from: '2027-01-01', to: '2027-12-31', currency: 'EUR' })),
    },
    { name: 'SearchKnowledge', kind: 'read', weight: 5, make: staff(text('SearchKnowledge'), () => ({ query: 'invoice', first: 10 })) },
    { name: 'Partners', kind: 'read', weight: 3, make: staff(text('Partners'), () => ({ first: 25, sort: 'NAME_ASC' })) },
    {
      name: 'Opportunity',
      kind: 'read',
      weight: 2,
      make: staff(text('Opportunity'), (n) => ({ id: seedUuid(PREFIX.opportunity, pick(n, opts.customers * 3)) })),
    },
    {
      name: 'captureLead',
      kind: 'write',
      weight: 6,
      make: staff(`mutation CaptureLead($input: CaptureLeadInput!) { captureLead(input: $input) { id status } }`, (n) => ({
        input: { email: `mix-${run}-${n}@visitor.example`, name: `Visitor ${n}`, source: 'WEB_FORM' },
      })),
    },
    {
      name: 'createOpportunity',
      kind: 'write',
      weight: 6,
      make: staff(`mutation CreateOpportunity($input: CreateOpportunityInput!) { createOpportunity(input: $input) { id } }`, (n) => ({
        input: { customerId: customer(n), name: `Mix deal ${n}`, amount: { amount: '1200.00', currency: 'EUR' }, closeDate: '2027-03-31' },
      })),
    },
    {
      name: 'OpenCase',
      kind: 'write',
      weight: 6,
      make: staff(text('OpenCase'), (n) => ({ input: { customerId: customer(n), subject: `Mix case ${n}`, priority: 'MEDIUM' } })),
    },
    {
      name: 'createNote',
      kind: 'write',
      weight: 4,
      make: staff(`mutation CreateNote($input: CreateNoteInput!) { createNote(input: $input) { id } }`, (n) => ({
        input: { recordType: 'CUSTOMER', recordId: customer(n), body: `<p>Called about the renewal (${n})</p>` },
      })),
    },
    {
      name: 'PartnerRegisterDeal',
      kind: 'write',
      weight: 3,
      make: (n) => ({
        url: stack.gatewayUrl.replace(/\/graphql$/, '/partner/graphql'),
        headers: partnerHeaders[partner(n) % partnerHeaders.length]!,
        body: {
          extensions: { persistedQuery: { version: 1, sha256Hash: registerDealHash } },
          variables: {
            input: {
              companyName: `Mix Prospect ${n}`,
              domain: `mix-${run}-${n}.example`,
              contactName: 'Pat Buyer',
              contactEmail: `pat@mix-${run}-${n}.example`,
              productInterest: 'Platform licence',
              estimatedAmount: { amount: '5000.00', currency: 'EUR' },
              expectedClose: '2027-06-30',
            },
          },
        },
      }),
    },
    {
      name: 'olap deals by month',
      kind: 'heavy',
      weight: 3,
      make: staff(olap, () => ({
        query: {
          cube: 'deals',
          measures: ['wonRevenue', 'closedDeals', 'winRate'],
          dimensions: [{ name: 'date', grain: 'MONTH' }, { name: 'outcome' }],
          rollup: true,
        },
      })),
    },
    {
      name: 'olap cases by month',
      kind: 'heavy',
      weight: 2,
      make: staff(olap, () => ({
        query: {
          cube: 'cases',
          measures: ['cases', 'resolvedCases'],
          dimensions: [{ name: 'date', grain: 'MONTH' }, { name: 'priority' }],
          rollup: true,
        },
      })),
    },
  ];
}

interface Sample {
  name: string;
  kind: Kind;
  ms: number;
  /** Seconds from the start of its run to when it was sent: where the slow ones cluster. */
  at: number;
  /** Why the reply counts as errored: a status, a GraphQL error code, no reply. */
  error?: string;
}

/** One request; never rejects: a failure is a sample with its error. */
function send(agent: Agent, r: Request): Promise<{ ms: number; error?: string }> {
  const body = JSON.stringify(r.body);
  const started = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
  return new Promise((resolve) => {
    const req = httpRequest(
      r.url,
      { method: 'POST', agent, headers: { ...r.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let error: string | undefined;
          try {
            const reply = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
              errors?: { message?: string; extensions?: { code?: string } }[];
            };
            if (reply.errors?.length)
              error = reply.errors.map((e) => `${e.extensions?.code ?? 'no code'}: ${e.message ?? ''}`.slice(0, 160)).join('; ');
          } catch {
            error = `HTTP ${res.statusCode}, not JSON`;
          }
          if (!error && res.statusCode !== 200) error = `HTTP ${res.statusCode}`;
          resolve({ ms: ms(), error });
        });
        res.on('error', (e) => resolve({ ms: ms(), error: e.message }));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('no reply in 30 s')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ ms: ms(), error: e.code ?? e.message }));
    req.end(body);
  });
}

/** Open loop: `rate` requests a second drawn from the mix by weight, for `seconds`, at most 200 in flight. */
async function drive(mix: MixEntry[], rate: number, seconds: number, counter: { n: number }): Promise<Sample[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 200 });
  const total = mix.reduce((s, e) => s + e.weight, 0);
  const entryFor = (n: number) => {
    let x = pick(n, total);
    for (const e of mix) if ((x -= e.weight) < 0) return e;
    return mix[mix.length - 1]!;
  };
  const samples: Sample[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  for (let i = 0; ; i++) {
    const due = started + (i * 1000) / rate;
    if (due >= started + seconds * 1000) break;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    if (inFlight.size >= 200) await Promise.race(inFlight);
    const n = counter.n++;
    const entry = entryFor(n);
    const at = round((Date.now() - started) / 1000);
    const p: Promise<void> = send(agent, entry.make(n)).then((s) => {
      samples.push({ name: entry.name, kind: entry.kind, at, ...s });
      inFlight.delete(p);
    });
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  agent.destroy();
  return samples;
}

const quantile = (xs: number[], q: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]! : NaN);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** p95 (and p50, max) of the time from an event's outbox row to its inbox row in analytics, for events written in [from, to]. */
async function eventLag(
  stack: MixStack,
  from: Date,
  to: Date,
): Promise<{ events: number; p50Ms: number; p95Ms: number; maxMs: number; notYet: number }> {
  const written = new Map<string, number>();
  for (const { name } of SUBGRAPHS) {
    await withPgClient(stack.adminUrls[name]!, async (c) => {
      const r = await c.query<{ id: string; at: Date }>('SELECT id, created_at AS at FROM outbox WHERE created_at BETWEEN $1 AND $2', [
        from,
        to,
      ]);
      for (const row of r.rows) written.set(row.id, row.at.getTime());
    });
  }
  const lags: number[] = [];
  const analytics = SUBGRAPHS.find((s) => s.name === 'analytics')!;
  await withPgClient(stack.adminUrls[analytics.name]!, async (c) => {
    // Analytics' consumers each keep an inbox row per event; the event is on the timeline when the first has it.
    const r = await c.query<{ event_id: string; at: Date }>(
      'SELECT event_id, min(processed_at) AS at FROM inbox WHERE event_id = ANY($1::uuid[]) GROUP BY event_id',
      [[...written.keys()]],
    );
    for (const row of r.rows) lags.push(row.at.getTime() - written.get(row.event_id)!);
  });
  return {
    events: written.size,
    p50Ms: round(quantile(lags, 0.5)),
    p95Ms: round(quantile(lags, 0.95)),
    maxMs: round(Math.max(...lags)),
    notYet: written.size - lags.length,
  };
}

function summary(samples: Sample[], seconds: number) {
  const by = (filter: (s: Sample) => boolean) => {
    const xs = samples.filter(filter);
    const ok = xs.filter((s) => !s.error).map((s) => s.ms);
    return { requests: xs.length, errored: xs.length - ok.length, p50Ms: round(quantile(ok, 0.5)), p99Ms: round(quantile(ok, 0.99)) };
  };
  const all = by(() => true);
  return {
    ...all,
    replies: samples.length,
    perSecond: round(samples.length / seconds),
    byKind: Object.fromEntries((['read', 'write', 'heavy'] as Kind[]).map((k) => [k, by((s) => s.kind === k)])),
    byOperation: Object.fromEntries([...new Set(samples.map((s) => s.name))].map((n) => [n, by((s) => s.name === n)])),
    slowest: [...samples]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 20)
      .map((s) => ({ name: s.name, at: s.at, ms: round(s.ms) })),
    errors: Object.entries(
      samples
        .filter((s) => s.error)
        .reduce<Record<string, number>>((acc, s) => ((acc[`${s.name}: ${s.error}`] = (acc[`${s.name}: ${s.error}`] ?? 0) + 1), acc), {}),
    ).slice(0, 10),
  };
}

export async function runDayMix(stack: MixStack, opts: MixOptions, log: (line: string) => void): Promise<void> {
  const partnerHeaders = await Promise.all(
    Array.from({ length: Math.min(opts.partners, 20) }, (_, k) =>
      stack.partnerHeaders(seedUuid(PREFIX.partner, pick(k + 1, opts.partners))),
    ),
  );
  const mix = theMix(stack, opts, partnerHeaders);
  const counter = { n: 1 };

  // Every operation once, and a short warm-up: a reply that errs here is a bench fault, not load.
  const agent = new Agent({ keepAlive: true });
  for (const entry of mix) {
    const s = await send(agent, entry.make(counter.n++));
    if (s.error) throw new Error(`${entry.name} fails before any load: ${s.error}`);
  }
  agent.destroy();
  await drive(mix, opts.startRate, 10, counter);

  // Step the rate up until p99 passes the limit or a reply errs.
  const steps: { rate: number; p99Ms: number; errored: number; perSecond: number }[] = [];
  let best = 0;
  for (let rate = opts.startRate; ; rate = Math.round(rate * 1.5)) {
    const s = summary(await drive(mix, rate, opts.stepSeconds, counter), opts.stepSeconds);
    steps.push({ rate, p99Ms: s.p99Ms, errored: s.errored, perSecond: s.perSecond });
    log(`  step ${rate}/s: ${s.perSecond}/s answered, p99 ${s.p99Ms} ms, ${s.errored} errored (load ${os.loadavg()[0]!.toFixed(1)})`);
    if (s.errored) for (const [e, n] of s.errors) log(`    ${n}× ${e}`);
    if (s.p99Ms > P99_LIMIT_MS || s.errored || s.perSecond < rate * 0.9) break;
    best = rate;
  }
  if (!best) {
    log(
      `No rate from ${opts.startRate}/s up kept p99 under ${P99_LIMIT_MS} ms without errors; holding ${opts.startRate}/s anyway to report it.`,
    );
    best = opts.startRate;
  }

  log(`Holding ${best}/s for ${opts.minutes} min`);
  const self = process.pid;
  const cpuBefore = treeCpuSeconds(self).byProcess;
  const from = new Date();
  // The step that failed left queues and cold pools behind it: 10 s of rest, then 20 s at the held
  // rate, not measured (a first run had every one of its 20 slowest replies in its first 4 s).
  await new Promise((r) => setTimeout(r, 10_000));
  await drive(mix, best, 20, counter);
  const samples = await drive(mix, best, opts.minutes * 60, counter);
  const to = new Date();
  const cpuAfter = treeCpuSeconds(self).byProcess;
  const seconds = opts.minutes * 60;
  const held = summary(samples, seconds);
  // Let consumers catch up on the last writes before the lag is read.
  await new Promise((r) => setTimeout(r, 5_000));
  const lag = await eventLag(stack, from, to);
  const cpuMsPerRequest = Object.fromEntries(
    Object.keys(cpuAfter).map((p) => [p, round((((cpuAfter[p] ?? 0) - (cpuBefore[p] ?? 0)) * 1000) / Math.max(1, held.replies), 2)]),
  );
  const rss = Object.fromEntries(stack.processes.map((p) => [p.name, rssMb(p.pid)]));

  console.log(
    `\nDay's mix held at ${best}/s for ${opts.minutes} min: ${held.replies} replies (${held.perSecond}/s), ${held.errored} errored`,
  );
  console.log(
    `  p50 ${held.p50Ms} ms, p99 ${held.p99Ms} ms: ${held.p99Ms <= P99_LIMIT_MS && !held.errored ? 'held' : `NOT held (limit ${P99_LIMIT_MS} ms, no errors)`}`,
  );
  for (const [k, v] of Object.entries(held.byKind))
    console.log(`  ${k.padEnd(6)} ${v.requests} requests, p50 ${v.p50Ms} ms, p99 ${v.p99Ms} ms, ${v.errored} errored`);
  for (const [e, n] of held.errors) console.log(`  ${n}× ${e}`);
  console.log(`  slowest (seconds into the run: operation ms): ${held.slowest.map((s) => `${s.at}: ${s.name} ${s.ms}`).join(', ')}`);
  console.log(
    `  event lag (outbox row to analytics' inbox): p50 ${lag.p50Ms} ms, p95 ${lag.p95Ms} ms, max ${lag.maxMs} ms over ${lag.events} events (${lag.notYet} not yet consumed)`,
  );
  console.log(`  CPU ms per request: ${JSON.stringify(cpuMsPerRequest)}`);
  console.log(`  RSS at the end (MB): ${JSON.stringify(rss)}`);
  fs.mkdirSync(path.dirname(RESULTS_JSON), { recursive: true });
  fs.writeFileSync(
    RESULTS_JSON,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, load: os.loadavg(), options: opts, steps, rate: best, held, lag, cpuMsPerRequest, rssMb: rss }, null, 1)}\n`,
  );
  log(`Wrote ${path.relative(process.cwd(), RESULTS_JSON)}`);
}
