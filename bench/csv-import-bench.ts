/**
 * What the CSV import benches share: one subgraph as a bench runs it (startBenchSubgraph), and an
 * import timed from upload to its last row applied.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SubgraphName } from '@crm/registry';
import { log, ROOT, round, startBenchSubgraph } from './bench-subgraph';

export { arg, log, round } from './bench-subgraph';

export interface ImportView {
  id: string;
  status: string;
  rows: { total: number; done: number; created: number; updated: number; skipped: number; failed: number };
}

export interface RunningApp {
  /** http://127.0.0.1:<port> */
  origin: string;
  pid: number;
  headers: Record<string, string>;
}

/** Starts subgraph `app` (see startBenchSubgraph), runs `use`, and stops everything. */
export async function withSubgraph(app: SubgraphName, use: (running: RunningApp) => Promise<void>): Promise<void> {
  const bench = await startBenchSubgraph(app);
  try {
    const serving = await bench.serve();
    await use({ origin: serving.origin, pid: serving.process.child.pid!, headers: serving.headers });
  } finally {
    await bench.stop();
  }
}

/** Posts `file` to `url` (an import path) and waits for the import to complete: its time in all, the upload's, and its progress. */
export async function timedImport(
  app: RunningApp,
  importPath: string,
  file: string,
  mapping: Record<string, string>,
): Promise<{ seconds: number; uploadSeconds: number; view: ImportView }> {
  const base = `${app.origin}${importPath}`;
  const t0 = performance.now();
  const res = await fetch(`${base}?${new URLSearchParams({ mapping: JSON.stringify(mapping), onDuplicate: 'UPDATE' }).toString()}`, {
    method: 'POST',
    headers: { ...app.headers, 'content-type': 'text/csv' },
    body: file,
  });
  if (res.status !== 202) throw new Error(`the upload answered ${res.status}: ${await res.text()}`);
  const uploadSeconds = (performance.now() - t0) / 1000;
  const { id } = (await res.json()) as ImportView;
  for (;;) {
    const view = (await (await fetch(`${base}/${id}`, { headers: app.headers })).json()) as ImportView;
    if (view.status === 'COMPLETED') return { seconds: (performance.now() - t0) / 1000, uploadSeconds, view };
    if (performance.now() - t0 > 900_000) throw new Error(`the import was not done after 15 minutes: ${JSON.stringify(view)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Imports `file` twice and checks the second run changed nothing; logs both. */
export async function importTwice(
  app: RunningApp,
  importPath: string,
  file: string,
  mapping: Record<string, string>,
  expectCreated: number,
): Promise<{ first: Awaited<ReturnType<typeof timedImport>>; again: Awaited<ReturnType<typeof timedImport>> }> {
  const rows = file.split('\n').length - 2;
  log(`importing ${rows} rows (${round(file.length / 1024 / 1024, 1)} MB) to ${importPath}`);
  const first = await timedImport(app, importPath, file, mapping);
  if (first.view.rows.created !== expectCreated) throw new Error(`expected ${expectCreated} created: ${JSON.stringify(first.view)}`);
  log(
    `import: ${round(rows / first.seconds, 0)} rows/s (${round(first.seconds, 2)} s, of which the upload and its checks ${round(first.uploadSeconds, 2)} s); ${JSON.stringify(first.view.rows)}`,
  );
  const again = await timedImport(app, importPath, file, mapping);
  if (again.view.rows.created + again.view.rows.updated !== 0)
    throw new Error(`the same file again changed records: ${JSON.stringify(again.view)}`);
  log(`the same file again: ${round(rows / again.seconds, 0)} rows/s (${round(again.seconds, 2)} s); ${JSON.stringify(again.view.rows)}`);
  return { first, again };
}

export function writeResult(name: string, result: Record<string, unknown>): void {
  const loadAverage = os.loadavg().map((l) => round(l, 2));
  log(`load average ${loadAverage.join(' ')} on ${os.cpus().length} CPUs`);
  const file = path.join(ROOT, 'bench', 'results', `${name}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ ...result, loadAverage, cpus: os.cpus().length, at: new Date().toISOString() }, null, 2)}\n`);
}
