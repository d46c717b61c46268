import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SUBGRAPHS } from '@crm/registry';

/*
 * npm run schema        — re-emits every subgraph's schema.graphql and recomposes the supergraph.
 * npm run schema:check  — fails when any committed schema or the supergraph is stale, or the
 *                         subgraphs do not compose (CI runs this).
 * Both keep the copies of the supergraphs that k8s/ ships to the gateway as a ConfigMap equal to
 * apps/gateway/*.graphql (kustomize cannot read files outside its folder).
 */
const ROOT = path.resolve(__dirname, '../..');
const check = process.argv.includes('--check') ? ['--check'] : [];

let failed = false;
const run = (script: string) => {
  try {
    execFileSync(process.execPath, [path.join(ROOT, script), ...check], { stdio: 'inherit', cwd: ROOT });
  } catch {
    failed = true;
  }
};
for (const { app } of SUBGRAPHS) run(`${app}/dist/scripts/emit-schema.js`);
if (!failed) run('apps/gateway/dist/scripts/compose.js');
if (!failed) {
  for (const file of ['supergraph.graphql', 'partner-supergraph.graphql', 'portal-supergraph.graphql']) {
    const source = fs.readFileSync(path.join(ROOT, 'apps/gateway', file), 'utf8');
    const copy = path.join(ROOT, 'k8s/base/gateway/supergraph', file);
    if (fs.existsSync(copy) && fs.readFileSync(copy, 'utf8') === source) continue;
    if (check.length) {
      console.error(`${path.relative(ROOT, copy)} is stale: run \`npm run schema\` and commit the result`);
      failed = true;
    } else {
      fs.writeFileSync(copy, source);
      console.log(`wrote ${path.relative(ROOT, copy)}`);
    }
  }
}
process.exit(failed ? 1 : 0);
