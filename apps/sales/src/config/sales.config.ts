import { env, serviceEnvShape } from '@crm/config';
import { subgraph } from '@crm/registry';
import { z } from 'zod';

/** Only for development and tests: production must set its own (checked below). */
const DEVELOPMENT_API_KEY_SECRET = 'development-only-api-key-secret-do-not-use';
const DEVELOPMENT_WEBHOOK_SECRET = 'development-only-webhook-secret-do-not-use';

export const salesConfigSchema = z
  .object({
    ...serviceEnvShape,
    PORT: env.port(subgraph('sales').port),
    /** Turns the stale-customer follow-up job off (it still can be run by hand); on by default. */
    FOLLOW_UP_JOB_ENABLED: env.bool(true),
    /** How often the follow-up job looks for stale customers: at least a second, at most a day. */
    FOLLOW_UP_JOB_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(1000, 'must be at least 1000 (one second)')
      .max(86_400_000, 'must be at most 86400000 (one day)')
      .default(3_600_000),
    /** N: a top-tier customer with no activity for this many days gets one follow-up task per N-day window. */
    FOLLOW_UP_STALE_DAYS: z.coerce.number().int().min(1, 'must be at least 1').max(365, 'must be at most 365').default(30),
    /** Customers of this tier or better (1 is the top) are followed up. */
    FOLLOW_UP_TOP_TIER: z.coerce.number().int().min(1, 'must be 1 to 5').max(5, 'must be 1 to 5').default(1),
    /** Customer and contact CSV imports: the largest upload (bytes), rows per applied batch, how often the job looks for work, and whether it runs. */
    IMPORT_MAX_BYTES: env.positiveInt(50 * 1024 * 1024),
    IMPORT_BATCH_SIZE: env.positiveInt(500),
    IMPORT_POLL_MS: env.positiveInt(2000),
    IMPORT_ENABLED: env.bool(true),
    /** The key API keys are hashed under (HMAC-SHA256; service-accounts/api-key-secret.ts says why); at least 32 characters. */
    API_KEY_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).default(DEVELOPMENT_API_KEY_SECRET),
    /** Webhook endpoints' signing secrets are derived from this (webhookSigningSecret in libs/contracts); the webhook worker is given the same. At least 32 characters. */
    WEBHOOK_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).default(DEVELOPMENT_WEBHOOK_SECRET),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && c.WEBHOOK_SECRET === DEVELOPMENT_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'must be set in production' });
    }
    if (c.NODE_ENV === 'production' && c.API_KEY_SECRET === DEVELOPMENT_API_KEY_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['API_KEY_SECRET'], message: 'must be set in production' });
    }
  });

export type SalesConfig = z.infer<typeof salesConfigSchema>;
