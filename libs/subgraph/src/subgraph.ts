import 'reflect-metadata';
import {
  AuthModule,
  createTokenVerifier,
  identityMiddleware,
  TOKEN_VERIFIER,
  type RequestWithIdentity,
  type TokenKeysConfig,
  type TokenVerifier,
} from '@crm/auth';
import { loadConfigOrExit } from '@crm/config';
import type { TopicSpec } from '@crm/contracts';
import { DatabaseModule, pendingMigrations, runMigrations } from '@crm/database';
import { advanceOutboxSequence, createKafkaClient, EventsModule, rewindConsumerGroups, type EventsOptions } from '@crm/events';
import { createValidationPipe, subgraphGraphQLModule } from '@crm/graphql';
import {
  createLogger,
  getOrPostOnly,
  httpErrorHandler,
  keepIdleConnectionsOpen,
  Metrics,
  SUBGRAPH_BODY_LIMIT_BYTES,
  ObservabilityModule,
  serveMetrics,
  PinoNestLogger,
  startTracing,
  traceRequests,
  useHttpObservability,
  type Logger,
} from '@crm/observability';
import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { z } from 'zod';

/** The service's validated config, injectable anywhere in it: `@Inject(SUBGRAPH_CONFIG) config: SalesConfig`. */
export const SUBGRAPH_CONFIG = Symbol('SUBGRAPH_CONFIG');

/** What every subgraph's config has (see serviceEnvShape). */
export interface SubgraphConfig extends TokenKeysConfig {
  PORT: number;
  /** Where /metrics is served: not on PORT, which callers reach. */
  METRICS_PORT: number;
  DATABASE_POOL_SIZE: number;
  LOG_LEVEL: string;
  DATABASE_URL: string;
  KAFKA_BROKERS: string[];
  OUTBOX_POLL_MS: number;
  /** Answer introspection (off by default, as at the gateway). */
  INTROSPECTION?: boolean;
  /** OTLP/HTTP collector for traces; none exports nothing. */
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
}

/** One subgraph, described once: main.ts, the migration job and end-to-end tests all start it from this. */
export interface SubgraphDefinition<C extends SubgraphConfig> {
  name: string;
  configSchema: z.ZodType<C>;
  dataSource: (databaseUrl: string) => DataSourceOptions;
  produces: TopicSpec[];
  consumes: TopicSpec[];
  /** The service's own domain modules. */
  modules: Type[];
  /** Event settings beyond the common ones (consumer session timeout, outbox retention...). */
  events?(config: C): Partial<EventsOptions>;
}

/** A data source with a pool of `max` connections (DATABASE_POOL_SIZE). */
export function withPoolSize(options: DataSourceOptions, max: number): DataSourceOptions {
  return { ...options, extra: { ...(options.extra as object | undefined), max } };
}

function rootModule<C extends SubgraphConfig>(def: SubgraphDefinition<C>, config: C, logger: Logger): DynamicModule {
  @Module({})
  class SubgraphRootModule {}
  @Module({})
  class SubgraphConfigModule {}
  return {
    module: SubgraphRootModule,
    imports: [
      {
        module: SubgraphConfigModule,
        global: true,
        providers: [{ provide: SUBGRAPH_CONFIG, useValue: config }],
        exports: [SUBGRAPH_CONFIG],
      },
      ObservabilityModule.forRoot(logger),
      // Tokens are verified again here: a subgraph reached directly gives no more than the gateway does.
      AuthModule.forRoot(createTokenVerifier(config)),
      DatabaseModule.forRoot(withPoolSize(def.dataSource(config.DATABASE_URL), config.DATABASE_POOL_SIZE)),
      EventsModule.forRoot({
        brokers: config.KAFKA_BROKERS,
        clientId: def.name,
        produces: def.produces,
        consumes: def.consumes,
        pollMs: config.OUTBOX_POLL_MS,
        ...def.events?.(config),
      }),
      subgraphGraphQLModule({
        introspection: config.INTROSPECTION ?? false,
        onInternalError: (err, requestId) => logger.error({ err, requestId }, 'internal error answered as INTERNAL_SERVER_ERROR'),
      }),
      ...def.modules,
    ],
  };
}

/**
 * A subgraph serves only verified callers: the gateway always forwards the caller's token, and
 * composes from the committed schema files rather than asking `_service`, so nobody needs
 * anonymous access. Without this, `{ _service { sdl } }` and `_entities` answered anyone who
 * reached the port. Runs inside the identity scope, so it reads the identity already verified.
 */
function verifiedCallersOnly(req: Request & RequestWithIdentity, res: Response, next: NextFunction): void {
  if (req.identity?.roles.length) return next();
  res.status(401).json({ errors: [{ message: 'A valid token is required', extensions: { code: 'UNAUTHENTICATED' } }] });
}

export interface RunningSubgraph {
  app: INestApplication;
  /** The port of /metrics, apart from the app's; closed with the app. */
  metricsPort: number;
}

/** Builds and starts the HTTP server (/graphql, /health/live, /health/ready) and /metrics on METRICS_PORT. */
export async function startSubgraph<C extends SubgraphConfig>(
  def: SubgraphDefinition<C>,
  config: C,
  logger = createLogger(def.name, config.LOG_LEVEL),
): Promise<RunningSubgraph> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule(def, config, logger), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  useHttpObservability(app, logger);
  // GraphQL answers are POSTed and never revalidated: no hash of every response body for an ETag.
  app.disable('etag');
  // The body parser first, then the caller's identity, verified once per request for GraphQL.
  app.useBodyParser('json', { limit: SUBGRAPH_BODY_LIMIT_BYTES });
  app.use(httpErrorHandler((err, requestId) => logger.error({ err, requestId }, 'internal error answered as INTERNAL_SERVER_ERROR')));
  app.use(traceRequests());
  app.use(identityMiddleware(app.get<TokenVerifier>(TOKEN_VERIFIER)));
  app.use('/graphql', getOrPostOnly, verifiedCallersOnly);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  keepIdleConnectionsOpen(app.getHttpServer());
  // Outbox depth, consumer lag and dead letters are operators' business: not on the port the
  // gateway (and whoever else reaches the pod) calls.
  const metrics = await serveMetrics(app.get(Metrics), config.METRICS_PORT);
  app.getHttpServer().once('close', () => void metrics.close());
  await app.listen(config.PORT);
  return { app, metricsPort: metrics.port };
}

/**
 * The commands of every app with a database (the subgraphs and the webhook worker), from `node
 * main.js <command>`:
 * - `serve` (the default) serves;
 * - `serve --migrate` applies the pending migrations first, then serves, in the same process:
 *   `npm start` on a first start, where a migration process of its own loaded each app a second
 *   time, for a second or two of CPU apiece;
 * - `migrate` applies the pending migrations and exits (the migration Job);
 * - `migrate --check` exits 1 while any is pending (the init container that keeps a new pod from
 *   serving before the Job has run);
 * - `restored --since <time>`, once after the database was restored from a backup, with the app
 *   stopped: rewinds its consumer groups to `time`, which lies before the backup by more than the
 *   consumers' lag (`rewindConsumerGroups`), and moves the outbox's commit order past what was
 *   published before (`advanceOutboxSequence`).
 */
export function runAppCommand(
  name: string,
  logger: Logger,
  dataSource: () => DataSourceOptions,
  brokers: () => string[],
  serve: () => Promise<void>,
): void {
  const command = process.argv[2] ?? 'serve';
  const flags = process.argv.slice(3);
  const run = async (): Promise<void> => {
    if (command === 'migrate') return migrateCommand(dataSource(), logger, flags.includes('--check'));
    if (command === 'restored') return restoredCommand(name, dataSource(), brokers(), logger, flags);
    if (command !== 'serve') throw new Error(`unknown command "${command}"; use "serve", "migrate" or "restored"`);
    if (flags.includes('--migrate')) await migrateCommand(dataSource(), logger, false);
    await serve();
  };
  run().catch((err: unknown) => {
    logger.fatal({ err }, `${name} failed to ${command}`);
    process.exit(1);
  });
}

async function migrateCommand(dataSource: DataSourceOptions, logger: Logger, check: boolean): Promise<void> {
  if (check) {
    const pending = await pendingMigrations(dataSource);
    if (pending.length) {
      logger.error({ pending }, `${pending.length} migration(s) not applied yet; waiting for the migration job`);
      process.exitCode = 1;
    } else logger.info('every migration is applied');
    return;
  }
  const applied = await runMigrations(dataSource);
  logger.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : 'database is up to date');
}

/** The time after `--since` (before the backup's), an ISO 8601 date-time with its offset. */
function sinceFlag(flags: string[]): Date {
  const at = flags.indexOf('--since');
  const value = at >= 0 ? flags[at + 1] : undefined;
  const since = value && /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(value) ? new Date(value) : null;
  if (!since || Number.isNaN(since.getTime())) {
    throw new Error(
      `restored needs --since <a time before the backup>, an ISO 8601 date-time with its offset (2026-12-01T02:00:00Z); got ${value ?? 'none'}`,
    );
  }
  return since;
}

async function restoredCommand(
  name: string,
  options: DataSourceOptions,
  brokers: string[],
  logger: Logger,
  flags: string[],
): Promise<void> {
  const since = sinceFlag(flags);
  const db = await new DataSource({ ...options, entities: [], migrations: [] }).initialize();
  try {
    const inbox = await db.query<{ consumer: string }[]>('SELECT DISTINCT consumer FROM inbox');
    const admin = createKafkaClient({ brokers, clientId: `${name}-restored`, logger, retries: 2 }).admin();
    await admin.connect();
    try {
      const groups = inbox.map((r) => r.consumer);
      for (const g of await rewindConsumerGroups(admin, name, groups, since)) {
        const moved = g.topics.reduce((n, t) => n + t.partitions.length, 0);
        logger.info(
          { group: g.groupId, topics: g.topics },
          `consumer group ${g.groupId}: ${moved} partition(s) moved back to ${since.toISOString()}`,
        );
      }
    } finally {
      await admin.disconnect();
    }
    const { from, to } = await advanceOutboxSequence(db);
    logger.info(
      { from, to },
      `outbox sequence moved from ${from} to ${to}: events committed from now on order after every one published before the restore`,
    );
  } finally {
    await db.destroy();
  }
}

/** main.ts of every subgraph: its commands are runAppCommand's. */
export function runSubgraphMain<C extends SubgraphConfig>(def: SubgraphDefinition<C>): void {
  const config = loadConfigOrExit(def.configSchema);
  const logger = createLogger(def.name, config.LOG_LEVEL);
  runAppCommand(
    def.name,
    logger,
    () => def.dataSource(config.DATABASE_URL),
    () => config.KAFKA_BROKERS,
    async () => {
      await startTracing(def.name, config.OTEL_EXPORTER_OTLP_ENDPOINT);
      const { metricsPort } = await startSubgraph(def, config, logger);
      logger.info({ port: config.PORT, metricsPort }, `${def.name} subgraph listening (metrics on port ${metricsPort})`);
    },
  );
}
