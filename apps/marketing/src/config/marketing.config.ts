import { env, serviceEnvShape, smtpEnvShape } from '@crm/config';
import { customerReferencesEnvShape } from '@crm/references';
import { GATEWAY, subgraph } from '@crm/registry';
import { z } from 'zod';

/** Only for development and tests: production must set its own (checked below). */
const DEVELOPMENT_TRACKING_SECRET = 'development-only-tracking-secret-do-not-use';

export const marketingConfigSchema = z
  .object({
    ...serviceEnvShape,
    ...customerReferencesEnvShape,
    PORT: env.port(subgraph('marketing').port),
    /** Where campaign email goes (required in production, below); npm start runs a local sink. */
    ...smtpEnvShape('Marketing <marketing@localhost>'),
    /** Messages per second one campaign send goes out at, at most. */
    EMAIL_SEND_RATE: env.positiveInt(500),
    /** Messages recorded, sent and marked per step: a crash re-sends at most one batch, with the same Message-IDs. */
    EMAIL_BATCH_SIZE: env.positiveInt(100),
    /**
     * How long a message may stay SENDING before another sender takes it over and sends it again
     * (same Message-ID): longer than one batch takes, so a live sender is never doubled.
     */
    EMAIL_SENDING_LEASE_MS: z.coerce.number().int().min(0).default(60_000),
    /** How often the sender looks for a send that is due. */
    EMAIL_POLL_MS: env.positiveInt(1000),
    /** Signs open, click and unsubscribe links (HMAC-SHA256); at least 32 characters. */
    TRACKING_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).default(DEVELOPMENT_TRACKING_SECRET),
    /** The public origin tracking links point at: the gateway, which forwards /t/* here. */
    PUBLIC_URL: env.url().default(`http://127.0.0.1:${GATEWAY.port}`),
    /** Posts to /forms/<key> one client address may make per minute, across all forms. */
    FORM_POSTS_PER_IP_PER_MINUTE: env.positiveInt(20),
    /** Posts one form may take per minute, from everyone: a flood from many addresses stops here. */
    FORM_POSTS_PER_FORM_PER_MINUTE: env.positiveInt(600),
    /** The largest form post accepted, in bytes (the gateway's public route refuses larger ones first). */
    FORM_BODY_LIMIT_BYTES: env.positiveInt(16 * 1024),
    /** The score at which a lead becomes marketing-qualified (and moves to QUALIFIED). */
    SCORE_MQL_THRESHOLD: env.positiveInt(100),
    /** Engagement points lose half their worth over this many days. */
    SCORE_HALF_LIFE_DAYS: env.positiveInt(30),
    /** The largest lead CSV upload accepted, in bytes (the gateway's route refuses larger ones first). */
    LEAD_IMPORT_MAX_BYTES: env.positiveInt(50 * 1024 * 1024),
    /** Rows of a lead import written per transaction: a crash redoes at most one batch. */
    LEAD_IMPORT_BATCH_SIZE: env.positiveInt(500),
    /** How often an instance looks for an import with rows left (an upload also starts its own at once). */
    LEAD_IMPORT_POLL_MS: env.positiveInt(2000),
    /** Whether this instance works on imports; uploads are taken either way. */
    LEAD_IMPORT_ENABLED: env.bool(true),
    /** Whether this instance runs the loyalty expiry job (points past the programme's age). */
    LOYALTY_EXPIRY_ENABLED: env.bool(true),
    /** How often the loyalty expiry job runs. */
    LOYALTY_EXPIRY_INTERVAL_MS: env.positiveInt(3_600_000),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV !== 'production') return;
    if (!c.SMTP_URL) ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is required in production' });
    if (c.TRACKING_SECRET === DEVELOPMENT_TRACKING_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['TRACKING_SECRET'], message: 'must be set in production' });
    }
  });

export type MarketingConfig = z.infer<typeof marketingConfigSchema>;
