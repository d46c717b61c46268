import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { createTestDatabase, startOwnBroker, type OwnBroker, type TestDatabase } from '@crm/testing';
import { DATABASE_APPS } from '../src/apps';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * The commands the migration Job and the Deployment's init container run, as the image runs them:
 * `node dist/main.js migrate` and `node dist/main.js migrate --check` (built by `npm run build`),
 * and the one an operator runs after restoring a database from a backup, `node dist/main.js restored`.
 */
function run(app: string, db: TestDatabase, args: string[], brokers = '127.0.0.1:9'): Promise<{ code: number | null; log: string }> {
  // Not spawnSync: `restored` talks to a broker that runs in this process, which must keep serving meanwhile.
  const child = spawn(process.execPath, ['dist/main.js', ...args], {
    cwd: path.join(ROOT, 'apps', app),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: db.url,
      KAFKA_BROKERS: brokers,
      // Marketing's production settings (campaign email); the other apps do not read them.
      SMTP_URL: 'smtp://127.0.0.1:9',
      TRACKING_SECRET: 'migration-entry-spec-tracking-secret-0123456789',
      // Service's (it signs survey links).
      CSAT_SECRET: 'migration-entry-spec-csat-secret-0123456789abcdef',
      // Sales' (it hashes API keys under it).
      API_KEY_SECRET: 'migration-entry-spec-api-key-secret-0123456789ab',
      WEBHOOK_SECRET: 'migration-entry-spec-webhook-secret-0123456789ab',
    },
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (log += d.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, log }));
  });
}

/** A broker of this file's own: `restored` moves consumer groups, and the shared one holds other files' groups. */
let broker: OwnBroker;
beforeAll(async () => {
  broker = await startOwnBroker();
});
afterAll(() => broker?.destroy());

describe.each(DATABASE_APPS)('%s: the migration entry point', (app) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ template: 'empty', migrate: async () => {} });
  });
  afterAll(() => db.drop());

  it('holds a new pod back until the Job has migrated, then lets it start', async () => {
    // The rule is the same code for every service (runSubgraphMain); its refusal is shown once.
    if (app === 'sales') {
      const before = await run(app, db, ['migrate', '--check']);
      expect([before.code, before.log]).toEqual([1, expect.stringContaining('not applied yet; waiting for the migration job')]);
    }
    const job = await run(app, db, ['migrate']);
    expect([job.code, job.log]).toEqual([0, expect.stringMatching(/applied \d+ migration\(s\)/)]);

    const after = await run(app, db, ['migrate', '--check']);
    expect([after.code, after.log]).toEqual([0, expect.stringContaining('every migration is applied')]);
    if (app === 'sales') expect((await run(app, db, ['migrate'])).log).toContain('database is up to date');
  });

  it('after a restore from a backup, rewinds its consumer groups and moves the outbox past what was published before', async () => {
    if (app === 'sales') {
      const refused = await run(app, db, ['restored'], broker.brokers.join(','));
      expect([refused.code, refused.log]).toEqual([1, expect.stringContaining('restored needs --since <a time before the backup>')]);
    }
    const restored = await run(app, db, ['restored', '--since', '2026-12-01T03:00:00Z'], broker.brokers.join(','));
    expect([restored.code, restored.log]).toEqual([0, expect.stringMatching(/outbox sequence moved from \d+ to \d{13,}/)]);
  });
});
