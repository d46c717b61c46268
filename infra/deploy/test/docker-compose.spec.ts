import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { APP_PORTS, APPS, CONFIG_SCHEMAS, DATABASE_APPS, SUBGRAPH_APPS, type AppName } from '../src/apps';
import { envProblems, requiredVariables } from '../src/env-check';

const ROOT = path.resolve(__dirname, '../../..');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string | number | boolean>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  secrets?: string[];
  ports?: string[];
  read_only?: boolean;
}
interface Compose {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { file: string }>;
}

const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
const envOf = (s: ComposeService): Record<string, string> =>
  Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v)]));
/** The app a service runs: its image is built from infra/docker/Dockerfile with APP=<app>. */
const appOf = (s: ComposeService): AppName | undefined => s.build?.args?.APP as AppName | undefined;

describe('docker-compose.yml', () => {
  const appServices = Object.entries(compose.services).filter(([, s]) => appOf(s));

  it('runs every app from its own image, and a migration step for every app with a database', () => {
    const running = appServices.filter(([, s]) => !s.command).map(([name, s]) => [name, appOf(s)]);
    expect(Object.fromEntries(running)).toEqual(Object.fromEntries(APPS.map((a) => [a, a])));
    for (const [name, s] of appServices) {
      expect(s.build).toMatchObject({ context: '.', dockerfile: 'infra/docker/Dockerfile', args: { PORT: String(APP_PORTS[appOf(s)!]) } });
      expect(s.image).toBe(`crm/${appOf(s)}:local`);
      expect(s.read_only).toBe(true);
      if (s.command) expect([name, s.command]).toEqual([`${appOf(s)}-migrate`, ['node', 'dist/main.js', 'migrate']]);
    }
    expect(appServices.filter(([, s]) => s.command).map(([, s]) => appOf(s))).toEqual([...DATABASE_APPS]);
  });

  it.each(Object.keys(compose.services).filter((n) => appOf(compose.services[n]!)))(
    '%s: its environment passes the config validation of its app',
    (name) => {
      const service = compose.services[name]!;
      const app = appOf(service)!;
      const env = envOf(service);
      expect(envProblems(CONFIG_SCHEMAS[app], env)).toEqual([]);
      for (const variable of requiredVariables(CONFIG_SCHEMAS[app])) expect(env).toHaveProperty([variable]);
      // The key file a service is told to read is mounted into it.
      if (env.AUTH_PUBLIC_KEYS_FILE) {
        const secret = env.AUTH_PUBLIC_KEYS_FILE.replace('/run/secrets/', '');
        expect(service.secrets).toContain(secret);
        expect(compose.secrets?.[secret]?.file).toBe('./.data/keys/signing-keys.public.jwks.json');
      }
    },
  );

  it('the check itself catches a missing required variable, a typo and a malformed value', () => {
    const env = envOf(compose.services.sales!);
    const { DATABASE_URL: _omitted, ...withoutDatabase } = env;
    expect(envProblems(CONFIG_SCHEMAS.sales, withoutDatabase)).toEqual(['DATABASE_URL: is required']);
    expect(envProblems(CONFIG_SCHEMAS.sales, { ...env, KAFKA_BROKER: 'kafka:9092' })).toEqual(['KAFKA_BROKER: not a setting of this app']);
    expect(envProblems(CONFIG_SCHEMAS.sales, { ...env, KAFKA_BROKERS: 'kafka' })).toHaveLength(1);
    expect(envProblems(CONFIG_SCHEMAS.gateway, { ...envOf(compose.services.gateway!), AUTH_JWKS_URL: 'https://idp/jwks' })).toEqual([
      'exactly one of AUTH_JWKS_URL and AUTH_PUBLIC_KEYS_FILE is required, got 2',
    ]);
  });

  it('gives each app with a database its own database and login, created by the init script, and migrates it before it starts', () => {
    const init = fs.readFileSync(path.join(ROOT, 'infra/docker/postgres-init.sql'), 'utf8');
    for (const app of DATABASE_APPS) {
      const url = new URL(envOf(compose.services[app]!).DATABASE_URL!);
      expect([url.username, url.pathname]).toEqual([app, `/${app}`]);
      expect(init).toContain(`CREATE ROLE ${app} LOGIN PASSWORD '${url.password}';`);
      expect(init).toContain(`CREATE DATABASE ${app} OWNER ${app};`);
      expect(envOf(compose.services[`${app}-migrate`]!).DATABASE_URL).toBe(url.href);
      expect(compose.services[app]!.depends_on).toEqual({
        [`${app}-migrate`]: { condition: 'service_completed_successfully' },
        kafka: { condition: 'service_healthy' },
      });
      expect(compose.services[`${app}-migrate`]!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    }
  });

  it('starts the gateway after every subgraph is ready, pointed at each one by service name and port', () => {
    const gateway = compose.services.gateway!;
    const env = envOf(gateway);
    for (const app of SUBGRAPH_APPS) {
      expect(env[`${app.toUpperCase()}_URL`]).toBe(`http://${app}:${APP_PORTS[app]}/graphql`);
      expect(envOf(compose.services[app]!).PORT).toBe(String(APP_PORTS[app]));
      expect(gateway.depends_on?.[app]).toEqual({ condition: 'service_healthy' });
    }
    expect(gateway.ports).toEqual(['4000:4000']);
  });

  it('health-checks every long-running service, on readiness for the apps', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (s.command?.includes('migrate')) continue;
      expect([name, s.healthcheck?.test]).toEqual([name, expect.any(Array)]);
      if (appOf(s)) expect(s.healthcheck!.test.join(' ')).toContain('/health/ready');
    }
  });

  it('runs Apache Kafka in KRaft mode without topic auto-creation', () => {
    const kafka = compose.services.kafka!;
    expect(kafka.image).toMatch(/^apache\/kafka:/);
    expect(envOf(kafka)).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller', KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false' });
  });
});
