import { env, serviceEnvShape, smtpEnvShape } from '@crm/config';
import { customerReferencesEnvShape } from '@crm/references';
import { GATEWAY, subgraph } from '@crm/registry';
import { z } from 'zod';

/** Only for development and tests: production must set its own (checked below). */
const DEVELOPMENT_CSAT_SECRET = 'development-only-csat-survey-secret-do-not-use';

export const serviceConfigSchema = z
  .object({
    ...serviceEnvShape,
    ...customerReferencesEnvShape,
    PORT: env.port(subgraph('service').port),
    /** The SLA watcher marks breaches this often; off in processes that must not (one-off scripts). */
    SLA_WATCH_ENABLED: env.bool(true),
    SLA_WATCH_INTERVAL_MS: env.positiveInt(30_000),
    /** Signs the satisfaction survey links sent when a case is resolved (HMAC-SHA256); at least 32 characters. */
    CSAT_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).default(DEVELOPMENT_CSAT_SECRET),
    /** How many days a survey link can be answered. */
    CSAT_SURVEY_DAYS: env.positiveInt(30),
    /** The public origin survey links point at: the gateway, which serves the console's /portal/survey/<token> page and forwards /csat/* here. */
    PUBLIC_URL: env.url().default(`http://127.0.0.1:${GATEWAY.port}`),
    /** The SMTP relay survey links are mailed through (marketing's campaign mail uses the same), and the sender; unset, links are logged. */
    ...smtpEnvShape('Support <support@localhost>'),
    /** Survey mail that did not go out is tried again this often; off in processes that must not send. */
    SURVEY_MAIL_ENABLED: env.bool(true),
    SURVEY_MAIL_INTERVAL_MS: env.positiveInt(30_000),
    /** The pause after a survey's first failed attempt; it doubles with each one after (to an hour at most). */
    SURVEY_MAIL_RETRY_MS: env.positiveInt(60_000),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && c.CSAT_SECRET === DEVELOPMENT_CSAT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['CSAT_SECRET'], message: 'must be set in production' });
    }
  });

export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
