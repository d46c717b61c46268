import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { GATEWAY, SUBGRAPHS, WEBHOOK_WORKER } from '@crm/registry';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * npm start runs the apps as bundles (bin/bundle.js). Every module of a bundle is required before
 * the app reads its config, so an app started without any settings shows that the whole bundle
 * loads: a module the bundler left out, or a package that cannot find its files from the bundle's
 * folder, fails before the config check does.
 */
describe('npm start’s bundles', () => {
  beforeAll(() => {
    const built = spawnSync(process.execPath, [path.join(ROOT, 'infra/stack/bin/bundle.js')], { encoding: 'utf8', timeout: 300_000 });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
  }, 300_000);

  it.each([...SUBGRAPHS.map((s) => s.app), WEBHOOK_WORKER.app, GATEWAY.app])(
    '%s loads in full and then refuses a missing setting by name',
    (app) => {
      const r = spawnSync(process.execPath, [path.join(ROOT, app, 'dist/main.bundle.js')], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { PATH: process.env.PATH ?? '' },
      });
      expect(r.stderr + r.stdout).not.toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND|ENOENT/);
      expect(r.stderr + r.stdout).toMatch(/Invalid environment:\n  - [A-Z_]+: /);
      expect(r.status).toBe(1);
    },
  );
});
