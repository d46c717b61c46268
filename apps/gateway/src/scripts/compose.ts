import * as fs from 'node:fs';
import * as path from 'node:path';
import { composeSupergraph, supergraphFile } from '../supergraph/compose-supergraph';

// `npm run compose` writes apps/gateway/supergraph.graphql; with --check it only fails when the
// subgraphs do not compose or the committed supergraph is stale (CI runs it that way).
const root = path.resolve(__dirname, '../../../..');
const result = composeSupergraph(root);
if ('errors' in result) {
  console.error(`The subgraphs do not compose:\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
  process.exit(1);
}
const file = supergraphFile(root);
const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
if (current !== result.supergraphSdl) {
  if (process.argv.includes('--check')) {
    console.error(`${path.relative(root, file)} is stale: run \`npm run schema\` and commit the result`);
    process.exit(1);
  }
  fs.writeFileSync(file, result.supergraphSdl);
  console.log(`wrote ${path.relative(root, file)}`);
}
