export { DatabaseModule } from './database.module';
export { serviceDataSourceOptions, type ServiceDataSourceOptions } from './data-source-options';
export { hydrate } from './hydrate';
export { pendingMigrations, pendingSchemaChanges, runMigrations } from './migrations';
export { disablePartnerRls, enablePartnerRls, partnerPolicyName } from './partner-rls';
export { SnakeNamingStrategy } from './snake-naming.strategy';
export { Transaction, UnitOfWork } from './unit-of-work';
