/**
 * Customer CSV import and export benchmark: rows per second of a 100,000-row file from upload to
 * the last row applied (customers created, each with its customer.created event), the same file
 * again (every row already there, so skipped), then the 100,000 customers exported as CSV with the
 * sales process's resident memory sampled throughout: flat memory means the peak stays near where
 * it started, whatever the length. A benchmark, not a test: it prints figures (and writes
 * bench/results/customer-import.json), and fails only on errors, never on a missed goal.
 *
 *   npm run bench:customer-import [-- --rows 100000]
 *
 * Real and local: an embedded Postgres, the development broker and the sales subgraph as their own
 * processes, on free ports; the bench posts the file to sales' /imports/customers as an admin, as
 * the gateway passes it on.
 *
 * Goals (issue 19): at least 2,000 rows/s for 100,000 rows; the export streamed with flat memory.
 */
import * as fs from 'node:fs';
import { arg, importTwice, log, round, withSubgraph, writeResult, type RunningApp } from './csv-import-bench';

const MAPPING = { name: 'NAME', domain: 'DOMAIN', industry: 'INDUSTRY', tier: 'TIER', country: 'COUNTRY', city: 'CITY' };
const COUNTRIES = ['DE', 'FR', 'GB', 'US', 'NL', 'SE', 'ES', 'IT'];
const INDUSTRIES = ['Software', 'Retail', 'Manufacturing', 'Finance', 'Health'];

/** A CRM export of `rows` accounts: a hundredth of them with a domain no import accepts. */
function csvFile(rows: number): string {
  const lines = ['name,domain,industry,tier,country,city'];
  for (let n = 0; n < rows; n++) {
    const domain = n % 100 === 99 ? `not a domain ${n}` : `company${n}.example`;
    lines.push(
      `Company ${n},${domain},${INDUSTRIES[n % INDUSTRIES.length]},${(n % 5) + 1},${COUNTRIES[n % COUNTRIES.length]},City ${n % 700}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Resident memory of `pid` in MB (Linux). */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return round(Number(kb) / 1024, 1);
}

/** Streams the whole customer list as CSV, sampling the server's memory every 20 ms: rows, seconds, MB before and at the peak. */
async function timedExport(
  app: RunningApp,
): Promise<{ rows: number; seconds: number; mb: number; rssBeforeMb: number; rssPeakMb: number }> {
  const rssBeforeMb = rssMb(app.pid);
  let rssPeakMb = rssBeforeMb;
  const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssMb(app.pid))), 20);
  const t0 = performance.now();
  try {
    const res = await fetch(`${app.origin}/exports/customers.csv?sort=NAME_ASC`, { headers: app.headers });
    if (res.status !== 200 || !res.body) throw new Error(`the export answered ${res.status}: ${await res.text()}`);
    let lines = 0;
    let bytes = 0;
    // Counted as it arrives, never held: the client side stays flat too.
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines++;
    }
    return { rows: lines - 1, seconds: (performance.now() - t0) / 1000, mb: round(bytes / 1024 / 1024, 1), rssBeforeMb, rssPeakMb };
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  const rows = arg('rows', 100_000);
  await withSubgraph('sales', async (sales) => {
    const created = rows - Math.floor(rows / 100);
    const { first, again } = await importTwice(sales, '/imports/customers', csvFile(rows), MAPPING, created);
    const exported = await timedExport(sales);
    if (exported.rows !== created) throw new Error(`the export has ${exported.rows} rows, not ${created}`);
    log(
      `export: ${exported.rows} rows (${exported.mb} MB) in ${round(exported.seconds, 2)} s, ${round(exported.rows / exported.seconds, 0)} rows/s; ` +
        `sales RSS ${exported.rssBeforeMb} MB before, peak ${exported.rssPeakMb} MB during`,
    );
    writeResult('customer-import', {
      rows,
      rowsPerSecond: round(rows / first.seconds, 0),
      seconds: round(first.seconds, 2),
      uploadSeconds: round(first.uploadSeconds, 2),
      reimportRowsPerSecond: round(rows / again.seconds, 0),
      goalRowsPerSecond: 2000,
      export: { ...exported, seconds: round(exported.seconds, 2), rowsPerSecond: round(exported.rows / exported.seconds, 0) },
    });
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
