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
import { arg, importTwice, round, withSubgraph, writeResult } from './csv-import-bench';

const MAPPING = {
  email: 'EMAIL',
  first_name: 'FIRST_NAME',
  last_name: 'LAST_NAME',
  company: 'COMPANY',
  country: 'COUNTRY',
  title: 'TITLE',
};
const COUNTRIES = ['DE', 'FR', 'GB', 'US', 'NL', 'SE', 'ES', 'IT'];

/** A CRM export of `rows` people: a hundredth of them with an address no import accepts. */
function csvFile(rows: number): string {
  const lines = ['email,first_name,last_name,company,country,title'];
  for (let n = 0; n < rows; n++) {
    const email = n % 100 === 99 ? `broken-address-${n}` : `person${n}@company${n % 5000}.example`;
    lines.push(`${email},First${n},Last${n},Company ${n % 5000},${COUNTRIES[n % COUNTRIES.length]},Buyer`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const rows = arg('rows', 100_000);
  await withSubgraph('marketing', async (marketing) => {
    const { first, again } = await importTwice(marketing, '/imports/leads', csvFile(rows), MAPPING, rows - rows / 100);
    writeResult('lead-import', {
      rows,
      rowsPerSecond: round(rows / first.seconds, 0),
      seconds: round(first.seconds, 2),
      uploadSeconds: round(first.uploadSeconds, 2),
      reimportRowsPerSecond: round(rows / again.seconds, 0),
      goalRowsPerSecond: 2000,
    });
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
