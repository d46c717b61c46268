/**
 * Lead CSV import benchmark: rows per second of a 100,000-row file from upload to the last row
 * applied (leads created, each with its lead.captured event), and the same file again (every row
 * already there, so skipped). A benchmark, not a test: it prints figures (and writes
 * bench/results/lead-import.json), and fails only on errors, never on a missed goal.
 *
 *   npm run bench:lead-import [-- --rows 100000]
 *
 * Real and local: an embedded Postgres, the development broker and the marketing subgraph as their
 * own processes (its outbox relay publishing as it would), on free ports; the bench posts the file
 * to marketing's /imports/leads as an admin, as the gateway passes it on.
 *
 * Goal (issue 19): at least 2,000 rows/s for 100,000 rows.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, startBenchMarketing } from './marketing-bench-process';

const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'lead-import.json');
const MAPPING = {
  email: 'EMAIL',
  first_name: 'FIRST_NAME',
  last_name: 'LAST_NAME',
  company: 'COMPANY',
  country: 'COUNTRY',
  title: 'TITLE',
};
const COUNTRIES = ['DE', 'FR', 'GB', 'US', 'NL', 'SE', 'ES', 'IT'];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** A CRM export of `rows` people: a hundredth of them with an address no import accepts. */
function csvFile(rows: number): string {
  const lines = ['email,first_name,last_name,company,country,title'];
  for (let n = 0; n < rows; n++) {
    const email = n % 100 === 99 ? `broken-address-${n}` : `person${n}@company${n % 5000}.example`;
    lines.push(`${email},First${n},Last${n},Company ${n % 5000},${COUNTRIES[n % COUNTRIES.length]},Buyer`);
  }
  return `${lines.join('\n')}\n`;
}

interface ImportView {
  id: string;
  status: string;
  rows: { total: number; done: number; created: number; updated: number; skipped: number; failed: number };
}

async function main(): Promise<void> {
  const rows = arg('rows', 100_000);
  const log = (line: string) => console.log(`[bench] ${line}`);
  const marketing = await startBenchMarketing('lead-import');
  try {
    const base = `${marketing.origin}/imports/leads`;
    const headers = { authorization: `Bearer ${marketing.token}` };

    const file = csvFile(rows);
    log(`importing ${rows} rows (${round(file.length / 1024 / 1024, 1)} MB, ${rows / 100} of them bad)`);
    const load = async (): Promise<{ seconds: number; uploadSeconds: number; view: ImportView }> => {
      const t0 = performance.now();
      const res = await fetch(`${base}?${new URLSearchParams({ mapping: JSON.stringify(MAPPING), onDuplicate: 'UPDATE' }).toString()}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'text/csv' },
        body: file,
      });
      if (res.status !== 202) throw new Error(`the upload answered ${res.status}: ${await res.text()}`);
      const uploadSeconds = (performance.now() - t0) / 1000;
      const { id } = (await res.json()) as ImportView;
      for (;;) {
        const view = (await (await fetch(`${base}/${id}`, { headers })).json()) as ImportView;
        if (view.status === 'COMPLETED') return { seconds: (performance.now() - t0) / 1000, uploadSeconds, view };
        if (performance.now() - t0 > 900_000) throw new Error(`the import was not done after 15 minutes: ${JSON.stringify(view)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    const first = await load();
    if (first.view.rows.created !== rows - rows / 100)
      throw new Error(`expected ${rows - rows / 100} leads created: ${JSON.stringify(first.view)}`);
    log(
      `import: ${round(rows / first.seconds, 0)} rows/s (${round(first.seconds, 2)} s, of which the upload and its checks ${round(first.uploadSeconds, 2)} s); ${JSON.stringify(first.view.rows)}`,
    );
    const again = await load();
    if (again.view.rows.created + again.view.rows.updated !== 0)
      throw new Error(`the same file again changed leads: ${JSON.stringify(again.view)}`);
    log(`the same file again: ${round(rows / again.seconds, 0)} rows/s (${round(again.seconds, 2)} s); ${JSON.stringify(again.view.rows)}`);
    const loadAverage = os.loadavg().map((l) => round(l, 2));
    log(`load average ${loadAverage.join(' ')} on ${os.cpus().length} CPUs`);
    const result = {
      rows,
      rowsPerSecond: round(rows / first.seconds, 0),
      seconds: round(first.seconds, 2),
      uploadSeconds: round(first.uploadSeconds, 2),
      reimportRowsPerSecond: round(rows / again.seconds, 0),
      goalRowsPerSecond: 2000,
      loadAverage,
      cpus: os.cpus().length,
      at: new Date().toISOString(),
    };
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await marketing.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
