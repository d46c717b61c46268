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
});

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;
