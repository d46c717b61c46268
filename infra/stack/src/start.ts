import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureServiceDatabase, requiredMaxConnections, startPostgres, type PostgresServer } from '@crm/embedded-postgres';
import { start as startBroker, type RunningBroker } from '@crm/kafka-dev-broker';
import { GATEWAY, SUBGRAPHS, WEBHOOK_WORKER, type SubgraphName } from '@crm/registry';
import { CUSTOMER_360_QUERY } from './customer-360';
import { launchStack, stackConnectionShares, type RunningStack } from './launch';
import { readyMessage } from './ready-message';
import { gatewayClient, seedDemoData, seedDemoForm } from './seed';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import { DEFAULT_RESTART_POLICY } from './supervisor';

const ROOT = path.resolve(__dirname, '../../..');
const USAGE = `npm start [-- --data-dir .data] [--pg-port 54320] [--kafka-port 19092] [--no-seed] [--introspection]

Starts the whole platform on this machine: an embedded Postgres (one database and user per service),
the development Kafka broker, migrations, the five subgraphs and the gateway, then seeds demo data.
External infrastructure instead: POSTGRES_ADMIN_URL=postgres://user:pw@host:5432/postgres and/or
KAFKA_BROKERS=host:9092 in the environment skip the embedded ones. Introspection is off, as
everywhere; --introspection turns it on for the gateway (for GraphQL clients that show the schema). A service that crashes is
restarted; one that keeps crashing stops the stack. Ctrl-C stops everything.`;

interface Options {
  dataDir: string;
  pgPort: number;
  kafkaPort: number;
  seed: boolean;
  introspection: boolean;
  postgresAdminUrl: string | null;
  kafkaBrokers: string[] | null;
  /** Every process's pool (DATABASE_POOL_SIZE from the shell): empty for the registry's own. */
  poolEnv: Record<string, string>;
}

/** A command-line mistake: what was wrong and how to call it, no stack trace, exit code 2. */
function usageError(message: string): never {
  console.error(`npm start: ${message}\n\nUsage: ${USAGE}`);
  process.exit(2);
}

const START_OPTIONS = {
  'data-dir': { type: 'string', default: '.data' },
  'pg-port': { type: 'string', default: '54320' },
  'kafka-port': { type: 'string', default: '19092' },
  'no-seed': { type: 'boolean', default: false },
  introspection: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

function options(): Options {
  let values: ReturnType<typeof parseArgs<{ options: typeof START_OPTIONS }>>['values'];
  try {
    ({ values } = parseArgs({ options: START_OPTIONS }));
  } catch (e) {
    // An unknown option, a missing value, a stray argument: parseArgs says which.
    usageError((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const port = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 65535) usageError(`--${name} must be a port number, got "${v}"`);
    return n;
  };
  // The processes get only what the launcher hands them, so the pool size is passed on, once checked
  // here, and sizes the embedded server with it.
  const pool = process.env.DATABASE_POOL_SIZE;
  if (pool !== undefined && !/^[1-9][0-9]{0,2}$/.test(pool))
    usageError(`DATABASE_POOL_SIZE must be a whole number from 1 to 999, got "${pool}"`);
  const brokers = process.env.KAFKA_BROKERS?.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  return {
    dataDir: path.resolve(ROOT, values['data-dir']),
    pgPort: port('pg-port', values['pg-port']),
    kafkaPort: port('kafka-port', values['kafka-port']),
    seed: !values['no-seed'],
    introspection: values.introspection,
    postgresAdminUrl: process.env.POSTGRES_ADMIN_URL ?? null,
    kafkaBrokers: brokers?.length ? brokers : null,
    poolEnv: pool === undefined ? {} : { DATABASE_POOL_SIZE: pool },
  };
}

const step = (msg: string) => console.log(`• ${msg}`);

/**
 * npm start's connection budget beyond the processes' pools: the launcher's own setup connections
 * and a developer's psql or two. With the processes' shares it sizes the embedded server and is
 * checked against an external one (POSTGRES_ADMIN_URL).
 */
const CONNECTIONS = { headroom: 10 };

/** The development admin token, from `npm run token` (which creates the data folder's key pair on first use). */
function devAdminToken(dataDir: string): { token: string; publicKeysFile: string } {
  const out = execFileSync(
    process.execPath,
    [path.join(ROOT, 'tools/dist/token.js'), '--role', 'admin', '--user', DEV_ADMIN_USER, '--data-dir', dataDir, '--json'],
    { encoding: 'utf8' },
  );
  return JSON.parse(out) as { token: string; publicKeysFile: string };
}

/** The development admin's user id, fixed so its audit trail reads the same from run to run. */
const DEV_ADMIN_USER = '00000000-0000-4000-a000-000000000001';

async function main(): Promise<void> {
  const opts = options();
  // From this process's start, so that the ready time includes the build (bin/start.js) too.
  const started = performance.timeOrigin;
  const logDir = path.join(opts.dataDir, 'logs');
  let stack: RunningStack | null = null;
  let pg: PostgresServer | null = null;
  let broker: RunningBroker | null = null;
  let mail: SmtpSink | null = null;
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await stack?.stop();
    await broker?.stop();
    await mail?.close();
    await pg?.stop();
    process.exit(code);
  };
  // embedded-postgres stops its servers and exits the process on these signals, which left the
  // services running without a database; the launcher owns the order: services, broker, Postgres.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(0));
  }

  try {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    step(`Development signing keys in ${path.relative(ROOT, opts.dataDir)}/keys`);
    const { token, publicKeysFile } = devAdminToken(opts.dataDir);
    let adminUrl = opts.postgresAdminUrl;
    if (!adminUrl) {
      step(`Postgres (embedded) on port ${opts.pgPort}, data in ${path.relative(ROOT, opts.dataDir)}/postgres`);
      const shares = stackConnectionShares({ subgraphEnv: opts.poolEnv, webhookWorker: { databaseUrl: '', env: opts.poolEnv } });
      const maxConnections = requiredMaxConnections({ shares, ...CONNECTIONS });
      pg = await startPostgres({ dataDir: path.join(opts.dataDir, 'postgres'), port: opts.pgPort, maxConnections });
      adminUrl = pg.adminUrl();
    } else step('Postgres: using POSTGRES_ADMIN_URL');
    const server: PostgresServer = pg ?? externalPostgres(adminUrl);
    const databaseUrls = {} as Record<SubgraphName, string>;
    for (const { name, database, role } of SUBGRAPHS)
      databaseUrls[name] = await ensureServiceDatabase(server, { database, user: role, password: role });
    const workerDatabaseUrl = await ensureServiceDatabase(server, {
      database: WEBHOOK_WORKER.database,
      user: WEBHOOK_WORKER.role,
      password: WEBHOOK_WORKER.role,
    });

    let brokers = opts.kafkaBrokers;
    if (!brokers) {
      step(`Kafka (development broker) on port ${opts.kafkaPort}, data in ${path.relative(ROOT, opts.dataDir)}/kafka`);
      broker = await startBroker({ port: opts.kafkaPort, dataDir: path.join(opts.dataDir, 'kafka') });
      brokers = broker.brokers;
    } else step(`Kafka: using KAFKA_BROKERS=${brokers.join(',')}`);
    const kafkaBrokers = brokers.join(',');

    const applied = new AppliedMigrations(path.join(opts.dataDir, 'migrations.json'));
    const urlOf = (name: string) => (name === WEBHOOK_WORKER.name ? workerDatabaseUrl : databaseUrls[name as SubgraphName]);
    const pending = [...SUBGRAPHS, WEBHOOK_WORKER].filter((s) => !applied.upToDate(s.name, s.app, urlOf(s.name)));
    step(
      pending.length
        ? `Migrations: ${pending.map((s) => s.name).join(', ')}, each in its app's process before it serves`
        : 'Migrations: none new since the last start',
    );

    // Campaign email goes to a local sink, never out: one .eml file per message.
    mail = await startSmtpSink({ dir: path.join(opts.dataDir, 'mail') });
    step(`Mail (SMTP sink on port ${mail.port}): campaign email is stored in ${path.relative(ROOT, mail.dir)}/`);

    step(
      `Subgraphs: ${SUBGRAPHS.map((s) => `${s.name} :${s.port}`).join(', ')}, the webhook worker :${WEBHOOK_WORKER.port}, then the gateway :${GATEWAY.port}`,
    );
    stack = await launchStack({
      logDir,
      ports: 'registry',
      nodeEnv: 'development',
      // bin/start.js has built the bundles just before.
      entry: 'bundle',
      logLevel: 'info',
      kafkaBrokers,
      databaseUrls,
      publicKeysFile,
      subgraphEnv: { SMTP_URL: mail.url, ...opts.poolEnv },
      // Sales' development WEBHOOK_SECRET is the worker's default too, so no setting is needed here.
      webhookWorker: { databaseUrl: workerDatabaseUrl, env: opts.poolEnv },
      migrateAtBoot: pending.map((s) => s.name),
      connections: CONNECTIONS,
      gatewayEnv: {
        // The console's development sign-in mints tokens with the local key (never with AUTH_JWKS_URL).
        AUTH_DEV_SIGNING_KEY_FILE: path.join(path.dirname(publicKeysFile), 'signing-key.private.jwk.json'),
        // Integrations' API keys are exchanged for tokens signed with the same local key (POST /auth/token).
        API_TOKEN_SIGNING_KEY_FILE: path.join(path.dirname(publicKeysFile), 'signing-key.private.jwk.json'),
        ...(opts.introspection ? { INTROSPECTION: 'true' } : {}),
      },
      restart: DEFAULT_RESTART_POLICY,
      readiness: { report: (line) => step(line) },
      log: (line) => console.error(`! ${line}`),
    });
    // Ready means migrated: each pending app applied its migrations before it served.
    for (const { name, app } of pending) applied.record(name, app, urlOf(name));
    const gatewayUrl = `http://localhost:${GATEWAY.port}/graphql`;

    const seedFile = path.join(opts.dataDir, 'seed.json');
    if (opts.seed && !fs.existsSync(seedFile)) {
      step('Demo data');
      const customerIds = await seedDemoData(gatewayClient(gatewayUrl, token));
      const formKey = await seedDemoForm(gatewayClient(gatewayUrl, token), GATEWAY.port);
      fs.writeFileSync(seedFile, JSON.stringify({ customerIds, formKey }, null, 2));
    }
    const seeded = fs.existsSync(seedFile)
      ? (JSON.parse(fs.readFileSync(seedFile, 'utf8')) as { customerIds: string[]; formKey?: string })
      : null;
    const example = seeded?.customerIds[0] ?? null;

    console.log(
      readyMessage({
        port: GATEWAY.port,
        seconds: (Date.now() - started) / 1000,
        adminToken: token,
        mailDir: path.relative(ROOT, mail.dir),
        logDir: path.relative(ROOT, logDir),
        formKey: seeded?.formKey,
        example: example ? exampleCommand(gatewayUrl, example, token) : null,
      }),
    );

    // A crashed service is restarted (the gateway answers without it meanwhile); only one that
    // keeps crashing takes the stack down, rather than leaving it broken for good.
    const reason = await stack.failed;
    if (!stopping) {
      console.error(`\n${reason}\nStopping the stack: fix the cause (see the log above), then npm start again.`);
      await shutdown(1);
    }
  } catch (e) {
    console.error(`\nCould not start: ${(e as Error).message}`);
    await shutdown(1);
  }
}

/**
 * What the previous starts migrated, so that a warm start does not even ask each database what is
 * pending (a data source built over every entity, per app). Per app it keeps a hash of the database
 * and of the names of the migration files applied; TypeORM too tells applied migrations by name, so
 * a new file (or another database) starts that app with `serve --migrate` again. npm run reset
 * deletes it.
 */
class AppliedMigrations {
  private readonly state: Record<string, string>;

  constructor(private readonly file: string) {
    this.state = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>) : {};
  }

  upToDate(name: string, app: string, databaseUrl: string): boolean {
    return this.state[name] === AppliedMigrations.key(app, databaseUrl);
  }

  record(name: string, app: string, databaseUrl: string): void {
    this.state[name] = AppliedMigrations.key(app, databaseUrl);
    fs.writeFileSync(this.file, JSON.stringify(this.state, null, 2));
  }

  private static key(app: string, databaseUrl: string): string {
    const dir = path.join(ROOT, app, 'src/database/migrations');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ts')) : [];
    // Without a migrations folder there is nothing to compare: migrate every time.
    if (!files.length) return `unknown ${Date.now()}`;
    return createHash('sha256')
      .update(`${databaseUrl}\n${files.sort().join('\n')}`)
      .digest('hex');
  }
}

function externalPostgres(adminUrl: string): PostgresServer {
  const url = new URL(adminUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    adminUrl: (database = 'postgres') => Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString(),
    stop: async () => undefined,
  };
}

function exampleCommand(url: string, id: string, token: string): string {
  const body = JSON.stringify({ query: CUSTOMER_360_QUERY, variables: { id } });
  return `curl -s ${url} -H 'content-type: application/json' -H 'authorization: Bearer ${token}' --data '${body.replace(/'/g, "'\\''")}'`;
}

void main();
