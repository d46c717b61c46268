import { Client } from 'pg';
import type { PostgresServer } from './postgres-server';

export interface ServiceDatabase {
  database: string;
  user: string;
  password: string;
}

const NAME = /^[a-z_][a-z0-9_]*$/;

/** Names come from configuration: only plain lower-case identifiers, so quoting them is all it takes. */
function identifier(kind: string, value: string): string {
  if (!NAME.test(value) || value.length > 63) {
    throw new Error(`${kind} name "${value}" must match ${NAME.source} and have at most 63 characters`);
  }
  return `"${value}"`;
}

/**
 * Idempotent: a login role that is neither superuser nor BYPASSRLS (row-level security must apply
 * to it) and a database it owns, that other roles cannot connect to. A second call brings an
 * existing role back to these attributes and to the configured password. Returns the service's
 * own connection URL.
 */
export async function ensureServiceDatabase(server: Pick<PostgresServer, 'adminUrl'>, db: ServiceDatabase): Promise<string> {
  const role = identifier('role', db.user);
  const database = identifier('database', db.database);
  const client = new Client({ connectionString: server.adminUrl() });
  await client.connect();
  try {
    // Serialises concurrent calls (several test workers, or launchers): CREATE ROLE/DATABASE have no IF NOT EXISTS.
    await client.query("SELECT pg_advisory_lock(hashtext('crm:ensure-service-database'))");
    const { rowCount: roleExists } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [db.user]);
    if (!roleExists) await client.query(`CREATE ROLE ${role}`);
    await client.query(
      `ALTER ROLE ${role} WITH LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD ${client.escapeLiteral(db.password)}`,
    );
    const { rowCount: dbExists } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.database]);
    if (!dbExists) await client.query(`CREATE DATABASE ${database} OWNER ${role}`);
    else await client.query(`ALTER DATABASE ${database} OWNER TO ${role}`);
    await client.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
  } finally {
    await client.end(); // also releases the advisory lock
  }
  const url = new URL(server.adminUrl(db.database));
  url.username = encodeURIComponent(db.user);
  url.password = encodeURIComponent(db.password);
  return url.toString();
}
