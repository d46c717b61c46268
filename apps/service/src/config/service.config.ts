import { env, serviceEnvShape } from '@crm/config';
import { customerReferencesEnvShape } from '@crm/references';
import { subgraph } from '@crm/registry';
import { z } from 'zod';

export const serviceConfigSchema = z.object({
  ...serviceEnvShape,
  ...customerReferencesEnvShape,
  PORT: env.port(subgraph('service').port),
});

export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
