import { Client } from 'pg';
import type { PostgresServer } from './postgres-server';

export interface ServiceDatabase {
  database: string;
  user: string;
  password: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function identifier(kind: string, value: string): string {
  if (!IDENTIFIER.test(value)) throw new Error(`${kind} "${value}" must match ${IDENTIFIER.source}`);
  return `"${value}"`;
}

/**
 * Idempotent: a login role that is neither superuser nor BYPASSRLS (row-level security must apply
 * to it) and a database it owns. Returns the service's own connection URL.
 */
export async function ensureServiceDatabase(
  server: Pick<PostgresServer, 'adminUrl' | 'host' | 'port'>,
  db: ServiceDatabase,
): Promise<string> {
  const role = identifier('role', db.user);
  const database = identifier('database', db.database);
  const client = new Client({ connectionString: server.adminUrl() });
  await client.connect();
  try {
    const password = db.password.replace(/'/g, "''");
    const { rowCount: roleExists } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [db.user]);
    if (!roleExists) await client.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '${password}'`);
    const { rowCount: dbExists } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.database]);
    if (!dbExists) await client.query(`CREATE DATABASE ${database} OWNER ${role}`);
  } finally {
    await client.end();
  }
  const url = new URL(server.adminUrl(db.database));
  url.username = db.user;
  url.password = db.password;
  return url.toString();
}
