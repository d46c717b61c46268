import { env, serviceEnvShape, telemetryEnvShape } from '@crm/config';
import { WEBHOOK_WORKER } from '@crm/registry';
import { z } from 'zod';

/** The same development default as sales', so a local receiver verifies what sales showed it; production sets its own. */
const DEVELOPMENT_WEBHOOK_SECRET = 'development-only-webhook-secret-do-not-use';

const ms = (name: string, min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`).default(fallback);

export const webhooksConfigSchema = z
  .object({
    NODE_ENV: serviceEnvShape.NODE_ENV,
    LOG_LEVEL: serviceEnvShape.LOG_LEVEL,
    DATABASE_URL: serviceEnvShape.DATABASE_URL,
    KAFKA_BROKERS: serviceEnvShape.KAFKA_BROKERS,
    OUTBOX_POLL_MS: serviceEnvShape.OUTBOX_POLL_MS,
    DATABASE_POOL_SIZE: serviceEnvShape.DATABASE_POOL_SIZE,
    METRICS_PORT: serviceEnvShape.METRICS_PORT,
    ...telemetryEnvShape(),
    /** Health checks only: the worker serves no API. */
    PORT: env.port(WEBHOOK_WORKER.port),
    /** The secret sales derives each endpoint's signing secret from: the same value as sales'. */
    WEBHOOK_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).default(DEVELOPMENT_WEBHOOK_SECRET),
    /** How often the dispatcher looks for deliveries that are due. */
    WEBHOOK_DISPATCH_INTERVAL_MS: ms('WEBHOOK_DISPATCH_INTERVAL_MS', 10, 60_000, 200),
    /** Deliveries sent at once (never two of one customer to one endpoint). */
    WEBHOOK_CONCURRENCY: ms('WEBHOOK_CONCURRENCY', 1, 256, 16),
    /** A receiver that has not answered in this long has failed the attempt. */
    WEBHOOK_TIMEOUT_MS: ms('WEBHOOK_TIMEOUT_MS', 100, 60_000, 10_000),
    /** The first retry waits about this long; each next one twice as long, with jitter... */
    WEBHOOK_RETRY_BASE_MS: ms('WEBHOOK_RETRY_BASE_MS', 10, 3_600_000, 5_000),
    /** ...up to this. */
    WEBHOOK_RETRY_MAX_MS: ms('WEBHOOK_RETRY_MAX_MS', 10, 86_400_000, 3_600_000),
    /** Attempts at one delivery before it is given up (and the customer's next event goes). */
    WEBHOOK_MAX_ATTEMPTS: ms('WEBHOOK_MAX_ATTEMPTS', 1, 100, 30),
    /** Failed attempts in a row after which an endpoint is disabled until an admin enables it again. */
    WEBHOOK_DISABLE_AFTER_FAILURES: ms('WEBHOOK_DISABLE_AFTER_FAILURES', 1, 10_000, 20),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && c.WEBHOOK_SECRET === DEVELOPMENT_WEBHOOK_SECRET)
      ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'must be set in production' });
    if (c.WEBHOOK_RETRY_MAX_MS < c.WEBHOOK_RETRY_BASE_MS)
      ctx.addIssue({ code: 'custom', path: ['WEBHOOK_RETRY_MAX_MS'], message: 'must be at least WEBHOOK_RETRY_BASE_MS' });
  });

export type WebhooksConfig = z.infer<typeof webhooksConfigSchema>;
