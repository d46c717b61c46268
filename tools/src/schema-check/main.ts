import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { SUBGRAPHS } from '@crm/registry';
import { checkSubgraphSchema, formatResult, type AcceptedChange } from './schema-check';

const USAGE = `Before deploying one subgraph: does its new schema compose with the deployed supergraph, and
does it break a client?

  node tools/dist/schema-check/main.js --subgraph sales --schema apps/sales/schema.graphql \\
       --supergraph deployed-supergraph.graphql
      one subgraph against a deployed supergraph (e.g. read from the cluster:
      kubectl -n crm get configmap gateway-supergraph -o jsonpath='{.data.supergraph\\.graphql}')

  npm run schema:breaking        (= --changed-since \${SCHEMA_CHECK_BASE:-HEAD~1})
      every subgraph whose apps/<name>/schema.graphql differs from <ref> (working tree included),
      against --supergraph, or by default the apps/gateway/supergraph.graphql of <ref>

  --accepted FILE   breaking changes marked as intended (default .ci/accepted-schema-changes.json):
                    [{ "subgraph", "type", "path", "reason" }], type and path as this command prints them

Exit code 1 when a schema does not compose or has a breaking change that is not accepted.`;

const ROOT = path.resolve(__dirname, '../../..');

const git = (...args: string[]): string => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function resolves(ref: string): boolean {
  try {
    git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      subgraph: { type: 'string' },
      schema: { type: 'string' },
      supergraph: { type: 'string' },
      'changed-since': { type: 'string' },
      accepted: { type: 'string', default: path.join(ROOT, '.ci/accepted-schema-changes.json') },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const accepted = fs.existsSync(values.accepted) ? (JSON.parse(fs.readFileSync(values.accepted, 'utf8')) as AcceptedChange[]) : [];

  let checks: { subgraph: string; schema: string }[];
  let supergraphSdl: string;
  if (values['changed-since'] !== undefined) {
    const base = values['changed-since'];
    if (!resolves(base)) {
      console.log(`schema check: ${base} is not a commit here (shallow or first commit); nothing to compare with, skipped`);
      return 0;
    }
    const changedFiles = git('diff', '--name-only', base, '--', ...SUBGRAPHS.map((s) => s.schema)).split('\n');
    const changed = SUBGRAPHS.filter((s) => changedFiles.includes(s.schema));
    if (!changed.length) {
      console.log(`schema check: no subgraph schema changed since ${base}`);
      return 0;
    }
    checks = changed.map((s) => ({ subgraph: s.name, schema: path.join(ROOT, s.schema) }));
    supergraphSdl = values.supergraph ? fs.readFileSync(values.supergraph, 'utf8') : git('show', `${base}:apps/gateway/supergraph.graphql`);
    console.log(
      `schema check: ${changed.map((s) => s.name).join(', ')} changed since ${base}; against ${values.supergraph ?? `the supergraph of ${base}`}`,
    );
  } else {
    if (!values.subgraph || !values.schema || !values.supergraph) {
      console.error(USAGE);
      return 2;
    }
    checks = [{ subgraph: values.subgraph, schema: values.schema }];
    supergraphSdl = fs.readFileSync(values.supergraph, 'utf8');
  }

  let ok = true;
  for (const c of checks) {
    const newSchemaSdl = fs.existsSync(c.schema) ? fs.readFileSync(c.schema, 'utf8') : '';
    const result = await checkSubgraphSchema({ subgraph: c.subgraph, newSchemaSdl, supergraphSdl, accepted });
    console.log(formatResult(result));
    ok &&= result.ok;
  }
  if (!ok) console.log(`\nA breaking change that is intended goes in ${path.relative(ROOT, values.accepted)} with the reason.`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`schema check: ${(e as Error).message}`);
    process.exit(2);
  },
);
