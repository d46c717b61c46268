import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_PORTS, APPS, DATABASE_APPS } from '../src/apps';

const ROOT = path.resolve(__dirname, '../../..');
const dockerfile = fs.readFileSync(path.join(ROOT, 'infra/docker/Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.replace(/\s+/g, ' ').trim())
  .filter((l) => l && !l.startsWith('#'));

interface Target {
  command?: string;
  options?: { command?: string };
  dependsOn?: string[];
}
const project = (app: string) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'apps', app, 'project.json'), 'utf8')) as {
    implicitDependencies?: string[];
    targets: Record<string, Target>;
  };

/** What `nx affected -t docker-build` would build after a change to these files. */
const affectedImages = (...files: string[]) =>
  execFileSync(
    process.execPath,
    [require.resolve('nx/bin/nx.js'), 'show', 'projects', '--affected', `--files=${files.join(',')}`, '--withTarget=docker-build'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    },
  )
    .split('\n')
    .filter(Boolean)
    .sort();

describe('images (infra/docker/Dockerfile)', () => {
  it('builds in one stage and runs from a clean Node 24 LTS stage with production dependencies only', () => {
    const froms = instructions.filter((l) => l.startsWith('FROM '));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24(-alpine)?$/m);
    for (const from of froms) expect(from).toMatch(/^FROM \$\{NODE_IMAGE\}/);
    expect(dockerfile).toContain('npm prune --omit=dev');
    const runtime = instructions.slice(instructions.lastIndexOf(froms.at(-1)!));
    expect(runtime.filter((l) => l.startsWith('COPY'))).toEqual(['COPY --from=build --chown=root:root /out/ /app/']);
    expect(runtime).toContain('ENV NODE_ENV=production PORT=${PORT}');
  });

  it('runs as a non-root user, with a health check on the liveness endpoint', () => {
    const user = instructions.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user).toMatch(/^USER [1-9]\d*(:[1-9]\d*)?$/);
    const healthcheck = instructions.find((l) => l.startsWith('HEALTHCHECK '));
    expect(healthcheck).toContain('/health/live');
    expect(instructions.at(-1)).toBe('CMD ["node", "dist/main.js"]');
  });

  it.each(APPS)('%s: an Nx docker-build target for its own image, on its own port', (app) => {
    const p = project(app);
    expect(p.targets['docker-build']?.options?.command).toBe(
      `docker build -f infra/docker/Dockerfile --build-arg APP=${app} --build-arg PORT=${APP_PORTS[app]} -t \${IMAGE_REPOSITORY:-crm}/${app}:\${IMAGE_TAG:-dev} .`,
    );
    expect(p.targets['docker-push']?.dependsOn).toEqual(['docker-build']);
    expect(p.implicitDependencies).toEqual(['docker-image']);
    if (app !== 'gateway') expect(p.targets.migrate?.options?.command).toBe(`node apps/${app}/dist/main.js migrate`);
  });

  it('rebuilds only the images a change affects, following the Nx project graph', () => {
    expect(affectedImages('apps/sales/src/main.ts')).toEqual(['sales']);
    // every subgraph and the webhook worker use the events library; the gateway does not
    expect(affectedImages('libs/events/src/index.ts')).toEqual([...DATABASE_APPS].sort());
    expect(affectedImages('infra/docker/Dockerfile')).toEqual([...APPS].sort());
  });
});
