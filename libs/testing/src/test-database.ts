import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PG_ADMIN_URL_ENV, requiredEnv } from './test-infra-env';

const NAME = /^[a-z_][a-z0-9_]{0,40}$/;
let counter = 0;

/**
 * The role services connect as in tests, as in production: it owns the test databases and their
 * tables, and is neither superuser nor BYPASSRLS, so row-level security applies to it.
 */
export const TEST_APP_ROLE = 'crm_test_app';

function urlFor(database: string, role: 'admin' | 'app' = 'admin'): string {
  const url = new URL(requiredEnv(PG_ADMIN_URL_ENV));
  url.pathname = `/${database}`;
  if (role === 'app') {
    url.username = TEST_APP_ROLE;
    url.password = TEST_APP_ROLE;
  }
  return url.toString();
}

async function ensureAppRole(c: Client): Promise<void> {
  const { rowCount } = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [TEST_APP_ROLE]);
  if (!rowCount) {
    await c.query(`CREATE ROLE ${TEST_APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '${TEST_APP_ROLE}'`);
  }
}

async function withAdmin<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: urlFor('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  /** The application role's URL: what the service under test connects with. */
  url: string;
  /** The superuser's URL, to inspect or arrange rows past row-level security. */
  adminUrl: string;
  database: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file, cloned from a per-run template that `migrate` prepared
 * once: cloning takes milliseconds, migrating takes seconds. An advisory lock keeps Jest workers
 * from migrating the same template twice. Migrations run as the application role, which owns
 * the tables (FORCE ROW LEVEL SECURITY holds for owners too), as a service's own role does.
 */
export async function createTestDatabase(opts: { template: string; migrate: (url: string) => Promise<void> }): Promise<TestDatabase> {
  if (!NAME.test(opts.template)) throw new Error(`template name "${opts.template}" must match ${NAME.source}`);
  const template = `tpl_${opts.template}`;
  const database = `t_${opts.template}_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
  await withAdmin(async (c) => {
    await c.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    try {
      // Roles are cluster-wide: one lock for every worker that might create it.
      await c.query(`SELECT pg_advisory_lock(hashtext('${TEST_APP_ROLE}'))`);
      try {
        await ensureAppRole(c);
      } finally {
        await c.query(`SELECT pg_advisory_unlock(hashtext('${TEST_APP_ROLE}'))`);
      }
      const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (!rowCount) {
        await c.query(`CREATE DATABASE "${template}" OWNER ${TEST_APP_ROLE}`);
        try {
          await opts.migrate(urlFor(template, 'app'));
        } catch (e) {
          await c.query(`DROP DATABASE "${template}" WITH (FORCE)`);
          throw e;
        }
      }
      try {
        await c.query(`CREATE DATABASE "${database}" TEMPLATE "${template}" OWNER ${TEST_APP_ROLE}`);
      } catch (e) {
        // Postgres waits 5 s for the template's other sessions to end, then fails with this code.
        if ((e as { code?: string }).code !== '55006') throw e;
        throw new Error(
          `${(e as Error).message}: does the migrate function of template "${opts.template}" close every connection it opens?`,
        );
      }
    } finally {
      await c.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    }
  });
  return {
    url: urlFor(database, 'app'),
    adminUrl: urlFor(database),
    database,
    drop: () => withAdmin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`))),
  };
}
