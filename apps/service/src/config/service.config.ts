import { env, serviceEnvShape } from '@crm/config';
import { customerReferencesEnvShape } from '@crm/references';
import { subgraph } from '@crm/registry';
import { z } from 'zod';

export const serviceConfigSchema = z.object({
  ...serviceEnvShape,
  ...customerReferencesEnvShape,
  PORT: env.port(subgraph('service').port),
  /** The SLA watcher marks breaches this often; off in processes that must not (one-off scripts). */
  SLA_WATCH_ENABLED: env.bool(true),
  SLA_WATCH_INTERVAL_MS: env.positiveInt(30_000),
});

export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
