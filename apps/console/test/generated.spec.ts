import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, string>;

/**
 * The console's typed operations are generated from its source and the committed supergraphs
 * (`npm run console:codegen`). When a subgraph's schema or an operation changes without them
 * being generated again, the types would lie: this fails first. Code Generator runs in its own
 * process (its CLI is partly ES modules, which Jest's CommonJS runtime cannot load) with --check,
 * which compares what it would write with what is committed and writes nothing.
 */
describe('the console’s generated GraphQL files', () => {
  it('are what Code Generator makes of the operations and the supergraphs now', () => {
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/@graphql-codegen/cli/cjs/bin.js'), '--config', 'apps/console/codegen.ts', '--check'],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } },
    );
    expect({ status: run.status, output: run.status === 0 ? '' : `${run.stdout}\n${run.stderr}` }).toEqual({ status: 0, output: '' });
  });

  it.each([
    ['partner portal', 'partner', 'partner-operations.json'],
    ['customer portal', 'portal', 'portal-operations.json'],
  ])('make the %s’s manifest the gateway’s safelist of its endpoint, operation for operation', (_name, dir, safelist) => {
    const portal = read(`apps/console/src/${dir}/gql/persisted-documents.json`);
    expect(Object.keys(portal).length).toBeGreaterThan(0);
    expect(read(`apps/gateway/${safelist}`)).toEqual(portal);
  });
});
