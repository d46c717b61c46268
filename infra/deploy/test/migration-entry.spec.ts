import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@crm/testing';
import { DATABASE_APPS } from '../src/apps';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * The commands the migration Job and the Deployment's init container run, as the image runs them:
 * `node dist/main.js migrate` and `node dist/main.js migrate --check` (built by `npm run build`),
 * and the one an operator runs after restoring a database from a backup, `node dist/main.js restored`.
 */
function run(app: string, db: TestDatabase, ...args: string[]) {
  const result = spawnSync(process.execPath, ['dist/main.js', ...args], {
    cwd: path.join(ROOT, 'apps', app),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: db.url,
      KAFKA_BROKERS: '127.0.0.1:9',
      // Marketing's production settings (campaign email); the other apps do not read them.
      SMTP_URL: 'smtp://127.0.0.1:9',
      TRACKING_SECRET: 'migration-entry-spec-tracking-secret-0123456789',
      // Service's (it signs survey links).
      CSAT_SECRET: 'migration-entry-spec-csat-secret-0123456789abcdef',
      // Sales' (it hashes API keys under it).
      API_KEY_SECRET: 'migration-entry-spec-api-key-secret-0123456789ab',
      WEBHOOK_SECRET: 'migration-entry-spec-webhook-secret-0123456789ab',
    },
    encoding: 'utf8',
  });
  return { code: result.status, log: `${result.stdout}${result.stderr}` };
}

describe.each(DATABASE_APPS)('%s: the migration entry point', (app) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ template: 'empty', migrate: async () => {} });
  });
  afterAll(() => db.drop());

  it('holds a new pod back until the Job has migrated, then lets it start', () => {
    // The rule is the same code for every service (runSubgraphMain); its refusal is shown once.
    if (app === 'sales') {
      const before = run(app, db, 'migrate', '--check');
      expect([before.code, before.log]).toEqual([1, expect.stringContaining('not applied yet; waiting for the migration job')]);
    }
    const job = run(app, db, 'migrate');
    expect([job.code, job.log]).toEqual([0, expect.stringMatching(/applied \d+ migration\(s\)/)]);

    const after = run(app, db, 'migrate', '--check');
    expect([after.code, after.log]).toEqual([0, expect.stringContaining('every migration is applied')]);
    if (app === 'sales') expect(run(app, db, 'migrate').log).toContain('database is up to date');
  });

  it('moves the outbox past what was published before, once the database is restored from a backup', () => {
    const restored = run(app, db, 'restored');
    expect([restored.code, restored.log]).toEqual([0, expect.stringMatching(/outbox sequence moved from \d+ to \d{13,}/)]);
  });
});
