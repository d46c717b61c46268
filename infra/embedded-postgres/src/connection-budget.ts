import { queryRows } from './pg-client';

/*
 * Every process of a stack holds up to its pool size plus a few fixed connections to one Postgres
 * server (npm start's, a test run's, a bench's). Pools open connections only as they are needed, so
 * a stack that needs more than the server allows starts fine and fails later, under load, with
 * "sorry, too many clients already" answered as an internal error by whichever service asked last.
 * This sums the shares once, at start, and refuses a stack whose sum does not fit.
 */

/** Postgres' defaults: max_connections, and superuser_reserved_connections (reserved_connections is 0). */
export const POSTGRES_DEFAULT_MAX_CONNECTIONS = 100;
export const POSTGRES_DEFAULT_RESERVED_CONNECTIONS = 3;

/** One process's connections to the server. */
export interface ConnectionShare {
  /** The process (sales, analytics, webhooks...). */
  name: string;
  /** Its pool's maximum (DATABASE_POOL_SIZE). */
  pool: number;
  /** Connections it holds beside the pool (the outbox relay's LISTEN connection). */
  extra: number;
}

/** What a server lets ordinary roles open. */
export interface ServerConnectionLimits {
  maxConnections: number;
  /** superuser_reserved_connections + reserved_connections: slots only privileged roles may use. */
  reserved: number;
}

export interface ConnectionBudget {
  /** The shares of one stack. */
  shares: ConnectionShare[];
  /** Stacks of these shares on the server at once (a test run's parallel workers); default 1. */
  copies?: number;
  /** Connections that are no process's share: a test's own look into its databases, psql... */
  headroom?: number;
}

/** Connections the budget needs: every share's pool and extras, times the copies, plus the headroom. */
export function budgetTotal(b: ConnectionBudget): number {
  const one = b.shares.reduce((sum, s) => sum + s.pool + s.extra, 0);
  return one * (b.copies ?? 1) + (b.headroom ?? 0);
}

/**
 * The max_connections a server needs for the budget, with its reserved slots on top; never below
 * Postgres' default, which a developer's other clients may count on.
 */
export function requiredMaxConnections(b: ConnectionBudget, reserved = POSTGRES_DEFAULT_RESERVED_CONNECTIONS): number {
  return Math.max(POSTGRES_DEFAULT_MAX_CONNECTIONS, budgetTotal(b) + reserved);
}

export class ConnectionBudgetError extends Error {
  override name = 'ConnectionBudgetError';
}

/**
 * Throws when the budget does not fit the server, with a message that names each process's share
 * and what to change; returns the total otherwise.
 */
export function checkConnectionBudget(b: ConnectionBudget, server: ServerConnectionLimits): number {
  const total = budgetTotal(b);
  const available = server.maxConnections - server.reserved;
  if (total <= available) return total;
  const copies = b.copies ?? 1;
  const lines = b.shares.map((s) => `  ${s.name}: ${s.pool} (DATABASE_POOL_SIZE) + ${s.extra} = ${s.pool + s.extra}`);
  if (copies > 1) lines.push(`  × ${copies} stacks at once`);
  if (b.headroom) lines.push(`  + ${b.headroom} for connections outside the processes' pools`);
  throw new ConnectionBudgetError(
    [
      `The stack needs up to ${total} Postgres connections and the server allows ${available} ` +
        `(max_connections ${server.maxConnections} - ${server.reserved} reserved):`,
      ...lines,
      `Lower DATABASE_POOL_SIZE for a service, or raise the server's max_connections to at least ` +
        `${requiredMaxConnections(b, server.reserved)} (docs/architecture.md, "Database connections").`,
    ].join('\n'),
  );
}

/** The server's limits as any role sees them (SHOW needs no privilege). */
export async function serverConnectionLimits(url: string): Promise<ServerConnectionLimits> {
  const rows = await queryRows<{ name: string; setting: string }>(
    url,
    // reserved_connections is Postgres 16's; an older server has no row for it.
    `SELECT name, setting FROM pg_settings WHERE name IN ('max_connections', 'superuser_reserved_connections', 'reserved_connections')`,
  );
  const value = (name: string) => Number(rows.find((r) => r.name === name)?.setting ?? 0);
  return {
    maxConnections: value('max_connections'),
    reserved: value('superuser_reserved_connections') + value('reserved_connections'),
  };
}

/** Asks the server at `url` for its limits and checks the budget against them (see checkConnectionBudget). */
export async function assertConnectionBudget(url: string, b: ConnectionBudget): Promise<number> {
  return checkConnectionBudget(b, await serverConnectionLimits(url));
}
