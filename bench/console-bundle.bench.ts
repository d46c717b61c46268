/**
 * The console's initial JavaScript, gzipped: the entry script and the modules it preloads, which a
 * browser fetches before the first page shows. Lazy page chunks are listed apart. Prints figures
 * (and writes them to bench/results/console-bundle.json); the budget is 250 KB.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'apps/console/dist');
const BUDGET_KB = 250;

const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<script type="module"[^>]*src="([^"]+)"|<link rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
  (m) => (m[1] ?? m[2])!,
);
const gz = (file: string) => gzipSync(fs.readFileSync(path.join(DIST, file))).length / 1024;
const initialKb = initial.reduce((sum, f) => sum + gz(f), 0);
const css = [...html.matchAll(/<link rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
const lazy = fs
  .readdirSync(path.join(DIST, 'assets'))
  .filter((f) => f.endsWith('.js') && !initial.includes(`/assets/${f}`))
  .map((f) => ({ file: f, gzipKb: Number(gz(`assets/${f}`).toFixed(1)) }))
  .sort((a, b) => b.gzipKb - a.gzipKb);

const result = {
  initialJsGzipKb: Number(initialKb.toFixed(1)),
  budgetKb: BUDGET_KB,
  withinBudget: initialKb < BUDGET_KB,
  initialFiles: initial,
  cssGzipKb: Number(css.reduce((s, f) => s + gz(f), 0).toFixed(1)),
  largestLazyChunks: lazy.slice(0, 5),
};
console.log(
  `console initial JS: ${result.initialJsGzipKb} KB gzipped (budget ${BUDGET_KB} KB: ${result.withinBudget ? 'within' : 'OVER'})`,
);
console.log(`  files: ${initial.join(', ')}`);
console.log(
  `  CSS: ${result.cssGzipKb} KB gzipped; largest lazy chunks: ${result.largestLazyChunks.map((c) => `${c.file} ${c.gzipKb} KB`).join(', ')}`,
);
fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench/results/console-bundle.json'), `${JSON.stringify(result, null, 2)}\n`);
