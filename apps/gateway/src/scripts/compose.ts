import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONTRACT_TAGS } from '../supergraph/contract-subgraphs';
import { composeSupergraph, contractSupergraphFile, supergraphFile } from '../supergraph/compose-supergraph';

// `npm run compose` writes apps/gateway/supergraph.graphql and each contract's supergraph
// (partner-supergraph.graphql, portal-supergraph.graphql); with --check it only fails when the subgraphs do not compose or a
// committed file is stale (CI runs it that way).
const root = path.resolve(__dirname, '../../../..');
let failed = false;
for (const [contract, file] of [
  ['internal', supergraphFile(root)] as const,
  ...CONTRACT_TAGS.map((tag) => [tag, contractSupergraphFile(root, tag)] as const),
]) {
  const result = composeSupergraph(root, contract);
  if ('errors' in result) {
    console.error(`The subgraphs do not compose (${contract} graph):\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
    failed = true;
    continue;
  }
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  if (current === result.supergraphSdl) continue;
  if (process.argv.includes('--check')) {
    console.error(`${path.relative(root, file)} is stale: run \`npm run schema\` and commit the result`);
    failed = true;
  } else {
    fs.writeFileSync(file, result.supergraphSdl);
    console.log(`wrote ${path.relative(root, file)}`);
  }
}
process.exit(failed ? 1 : 0);
