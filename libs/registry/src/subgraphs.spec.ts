import * as fs from 'node:fs';
import * as path from 'node:path';
import { GATEWAY, SUBGRAPHS } from './subgraphs';

const ROOT = path.resolve(__dirname, '../../..');

describe('subgraph registry', () => {
  it('names each subgraph, port and URL variable once', () => {
    for (const key of ['name', 'port', 'urlVariable', 'database'] as const)
      expect(new Set(SUBGRAPHS.map((s) => s[key])).size).toBe(SUBGRAPHS.length);
    expect(SUBGRAPHS.map((s) => s.port)).not.toContain(GATEWAY.port);
  });

  it.each(SUBGRAPHS.map((s) => [s.name, s] as const))('%s: an app folder with its committed schema', (_name, s) => {
    expect(fs.existsSync(path.join(ROOT, s.app, 'src/main.ts'))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, s.schema))).toBe(true);
  });

  it('lists every app folder that is a subgraph', () => {
    const apps = fs
      .readdirSync(path.join(ROOT, 'apps'))
      .filter((a) => fs.existsSync(path.join(ROOT, 'apps', a, 'schema.graphql')))
      .sort();
    expect(apps).toEqual(SUBGRAPHS.map((s) => s.name).sort());
  });
});
