import { env, serviceEnvShape, smtpEnvShape } from '@crm/config';
import { GATEWAY, subgraph } from '@crm/registry';
import { z } from 'zod';

export const analyticsConfigSchema = z.object({
  ...serviceEnvShape,
  PORT: env.port(subgraph('analytics').port),
  /**
   * 30 rather than every service's 10: seven consumer groups' chunks, each a transaction of its own,
   * queued for 10 connections (the registry's entry says what it measured). The registry holds the
   * number, so that the connection budget checked at start counts the same one.
   */
  DATABASE_POOL_SIZE: env.positiveInt(subgraph('analytics').databasePoolSize),
  /**
   * How long one OLAP statement may run before Postgres stops it and the caller is told to narrow
   * the query. Under the gateway's SUBGRAPH_TIMEOUT_MS (5 s), so the refusal reaches the caller
   * rather than a timeout, and a cube too large for it never holds a pooled connection for longer.
   */
  OLAP_STATEMENT_TIMEOUT_MS: env.positiveInt(4_000),
  /** How soon a dead consumer's partitions move to a live instance. */
  CONSUMER_SESSION_TIMEOUT_MS: env.positiveInt(10_000),
  /** Attempts at an event whose handler throws before it goes to the dead-letter topic. */
  EVENT_MAX_ATTEMPTS: env.positiveInt(5),
  /** A churn score at or above this (0 to 1) raises the customer's churn risk: sales gives its owner a retention task. */
  CHURN_RISK_THRESHOLD: z.coerce.number().min(0).max(1).default(0.5),
  /** Rescores every customer's churn risk this often, so inactivity grows without events. */
  CHURN_RESCORE_ENABLED: env.bool(true),
  CHURN_RESCORE_INTERVAL_MS: env.positiveInt(3_600_000),
  /** Tells an activity's owner it is due once its due time is this close; checked every ACTIVITY_DUE_SCAN_INTERVAL_MS. */
  ACTIVITY_DUE_SOON_MS: env.positiveInt(3_600_000),
  ACTIVITY_DUE_SCAN_ENABLED: env.bool(true),
  ACTIVITY_DUE_SCAN_INTERVAL_MS: env.positiveInt(60_000),
  /** The notification email digest goes through the same SMTP relay as marketing's mail; unset, no digest is sent (nor marked sent). */
  ...smtpEnvShape('CRM notifications <notifications@localhost>'),
  /** A user with a kind in the email digest gets one mail of their unread notifications this often at most (a day by default). */
  NOTIFICATION_DIGEST_ENABLED: env.bool(true),
  NOTIFICATION_DIGEST_INTERVAL_MS: env.positiveInt(86_400_000),
  /** How often the digest job looks for users due (and for refused digests whose pause is over). */
  NOTIFICATION_DIGEST_SCAN_INTERVAL_MS: env.positiveInt(300_000),
  /** The pause after a digest the relay refused; it doubles with each attempt after, up to the digest interval. */
  NOTIFICATION_DIGEST_RETRY_MS: env.positiveInt(300_000),
  /** The public origin the digest's links point at: the gateway, which serves the console. */
  PUBLIC_URL: env.url().default(`http://127.0.0.1:${GATEWAY.port}`),
  /** Pipelines whose lost deals are lost renewals; by default the Renewals pipeline sales creates. */
  CHURN_RENEWAL_PIPELINE_IDS: z
    .string()
    .default('0a7f0000-0000-4000-8000-000000000002')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine((ids) => ids.every((id) => z.uuid().safeParse(id).success), 'must be a comma-separated list of pipeline UUIDs'),
});

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;
