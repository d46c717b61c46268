export { freePort } from './free-port';
export { startPostgres, type PostgresServer, type StartPostgresOptions } from './postgres-server';
export { ensureServiceDatabase, type ServiceDatabase } from './service-database';
export { queryRows, withPgClient } from './pg-client';
export {
  assertConnectionBudget,
  budgetTotal,
  checkConnectionBudget,
  ConnectionBudgetError,
  POSTGRES_DEFAULT_MAX_CONNECTIONS,
  POSTGRES_DEFAULT_RESERVED_CONNECTIONS,
  requiredMaxConnections,
  serverConnectionLimits,
  type ConnectionBudget,
  type ConnectionShare,
  type ServerConnectionLimits,
} from './connection-budget';
