import { DEFAULT_DATABASE_POOL_SIZE } from '@crm/registry';
import { z } from 'zod';

/** Reusable pieces of service environments, so every service spells the same setting the same way. */
export const env = {
  // 0 asks the OS for a free port (tests).
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  postgresUrl: () =>
    z
      .string({ error: 'is required' })
      .refine((v) => /^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(v), 'must be a postgres://user:password@host:port/database URL'),
  brokers: () =>
    z
      .string({ error: 'is required' })
      .transform((v) =>
        v
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean),
      )
      .refine((list) => list.length > 0 && list.every((b) => /^[^:\s]+:\d+$/.test(b)), 'must be a comma-separated list of host:port'),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  nodeEnv: () => z.enum(['development', 'production', 'test']).default('development'),
  url: () => z.url({ error: 'must be an http(s) URL', protocol: /^https?$/ }),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
};

/**
 * How a process verifies tokens: a JWKS URL (production) or a JWKS file (development, tests);
 * exactly one is required where tokens are verified, which the verifier checks at boot.
 */
export function authEnvShape() {
  return {
    AUTH_JWKS_URL: env.url().optional(),
    AUTH_PUBLIC_KEYS_FILE: z.string().min(1).optional(),
    AUTH_ISSUER: z.string().min(1).default('crm'),
    AUTH_AUDIENCE: z.string().min(1).default('crm'),
  };
}

/** Where traces go: an OTLP/HTTP collector (e.g. http://otel-collector:4318). Unset, nothing is exported. */
export function telemetryEnvShape() {
  return { OTEL_EXPORTER_OTLP_ENDPOINT: env.url().optional() };
}

/**
 * Where a service's mail goes: one SMTP relay for every sender (campaigns, surveys, digests), so
 * each spells it the same way; `npm start` points them all at its local sink. `from` is the
 * sender's own default From. Unset SMTP_URL means nothing is mailed: each sender says what it does
 * instead, and one that must mail in production requires it there.
 */
export function smtpEnvShape(from: string) {
  return {
    /** smtp://user:pass@host:587 or smtps://...; transport options may ride in the query (pool=true). */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL' })
      .optional(),
    EMAIL_FROM: z.string().min(3).default(from),
  };
}

/** The settings every subgraph has. */
export const serviceEnvShape = {
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  DATABASE_URL: env.postgresUrl(),
  KAFKA_BROKERS: env.brokers(),
  /** How often the outbox relay looks for unpublished events when idle. */
  OUTBOX_POLL_MS: env.positiveInt(100),
  /**
   * Connections in the service's database pool. A service whose registry entry names another number
   * (analytics) overrides this with it; the connection budget checked at start counts the same.
   */
  DATABASE_POOL_SIZE: env.positiveInt(DEFAULT_DATABASE_POOL_SIZE),
  /** Schema introspection on the subgraph's /graphql; off unless turned on here, whatever NODE_ENV says. */
  INTROSPECTION: env.bool(false),
  /** /metrics on a port of its own, opened to the scraper only, as at the gateway (0: any free port). */
  METRICS_PORT: env.port(0),
  ...authEnvShape(),
  ...telemetryEnvShape(),
};
