export { freePort } from './free-port';
export { startPostgres, type PostgresServer, type StartPostgresOptions } from './postgres-server';
export { ensureServiceDatabase, type ServiceDatabase } from './service-database';
export { queryRows, withPgClient } from './pg-client';
