import * as fs from 'node:fs';
import * as path from 'node:path';
import { knownContactGroupId, knownCustomerGroupId } from '@crm/references';
import { DATABASE_APPS } from '../src/apps';

const ROOT = path.resolve(__dirname, '../../..');

const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [p] : [];
  });

/**
 * The consumer groups an app subscribes, read from its source: `runner.subscribe(<id>, …)` with the
 * id a string or a `*_GROUP_ID` constant, and the shared reference modules' groups under the
 * `service` the app gives them.
 */
function groupsOf(app: string): string[] {
  const files = sources(path.join(ROOT, 'apps', app, 'src')).map((f) => fs.readFileSync(f, 'utf8'));
  const constants = new Map(
    files.flatMap((text) => [...text.matchAll(/export const (\w+_GROUP_ID) = '([^']+)'/g)].map((m) => [m[1]!, m[2]!] as const)),
  );
  const groups = files.flatMap((text) =>
    [...text.matchAll(/\.subscribe\(\s*(?:'([^']+)'|(\w+_GROUP_ID))\s*,/g)].map(
      (m) => m[1] ?? constants.get(m[2]!) ?? `unresolved ${m[2]}`,
    ),
  );
  for (const text of files) {
    for (const m of text.matchAll(/(Customer|Contact)ReferencesModule\.forRoot\(\{ service: '([^']+)' \}\)/g)) {
      groups.push(m[1] === 'Customer' ? knownCustomerGroupId(m[2]!) : knownContactGroupId(m[2]!));
    }
  }
  return [...new Set(groups)].sort();
}

/**
 * `main.js restored --since` finds the groups of the service it rewinds by name, `<service>-…`
 * (and by the inbox, which names only groups that applied something before the backup). A group
 * named otherwise would keep its offsets past what the restore lost.
 */
describe('every consumer group is named after its service, as `restored` finds them', () => {
  const all = DATABASE_APPS.map((app) => [app, groupsOf(app)] as const);

  it('reads the groups of every app that consumes', () => {
    expect(all.filter(([, groups]) => groups.length === 0).map(([app]) => app)).toEqual([]);
    expect(all.flatMap(([, groups]) => groups).length).toBeGreaterThanOrEqual(30);
  });

  it.each(all)('%s', (app, groups) => {
    expect(groups.filter((g) => !g.startsWith(`${app}-`))).toEqual([]);
  });
});
