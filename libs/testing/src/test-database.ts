import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PG_ADMIN_URL_ENV, requiredEnv } from './test-infra-env';

const NAME = /^[a-z_][a-z0-9_]{0,40}$/;
let counter = 0;

function urlFor(database: string): string {
  const url = new URL(requiredEnv(PG_ADMIN_URL_ENV));
  url.pathname = `/${database}`;
  return url.toString();
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
  url: string;
  database: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file, cloned from a per-run template that `migrate` prepared
 * once: cloning takes milliseconds, migrating takes seconds. An advisory lock keeps Jest workers
 * from migrating the same template twice. The URL is the superuser's; service roles and
 * row-level security arrive with the access-control work.
 */
export async function createTestDatabase(opts: { template: string; migrate: (url: string) => Promise<void> }): Promise<TestDatabase> {
  if (!NAME.test(opts.template)) throw new Error(`template name "${opts.template}" must match ${NAME.source}`);
  const template = `tpl_${opts.template}`;
  const database = `t_${opts.template}_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
  await withAdmin(async (c) => {
    await c.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    try {
      const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (!rowCount) {
        await c.query(`CREATE DATABASE "${template}"`);
        try {
          await opts.migrate(urlFor(template));
        } catch (e) {
          await c.query(`DROP DATABASE "${template}" WITH (FORCE)`);
          throw e;
        }
      }
      try {
        await c.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`);
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
    url: urlFor(database),
    database,
    drop: () => withAdmin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`))),
  };
}
