import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/*
 * npm run schema        — re-emits every subgraph's schema.graphql and recomposes the supergraph.
 * npm run schema:check  — fails when any committed schema or the supergraph is stale, or the
 *                         subgraphs do not compose (CI runs this).
 */
const ROOT = path.resolve(__dirname, '../..');
const SUBGRAPHS = ['sales', 'marketing', 'service', 'partners', 'analytics'];
const check = process.argv.includes('--check') ? ['--check'] : [];

let failed = false;
const run = (script: string) => {
  try {
    execFileSync(process.execPath, [path.join(ROOT, script), ...check], { stdio: 'inherit', cwd: ROOT });
  } catch {
    failed = true;
  }
};
for (const name of SUBGRAPHS) run(`apps/${name}/dist/scripts/emit-schema.js`);
if (!failed) run('apps/gateway/dist/scripts/compose.js');
process.exit(failed ? 1 : 0);
