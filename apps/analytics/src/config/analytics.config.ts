import { env, serviceEnvShape } from '@crm/config';
import { subgraph } from '@crm/registry';
import { z } from 'zod';

export const analyticsConfigSchema = z.object({
  ...serviceEnvShape,
  PORT: env.port(subgraph('analytics').port),
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
