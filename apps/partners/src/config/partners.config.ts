import { env, serviceEnvShape } from '@crm/config';
import { customerReferencesEnvShape } from '@crm/references';
import { subgraph } from '@crm/registry';
import { z } from 'zod';

export const partnersConfigSchema = z.object({
  ...serviceEnvShape,
  ...customerReferencesEnvShape,
  PORT: env.port(subgraph('partners').port),
});

export type PartnersConfig = z.infer<typeof partnersConfigSchema>;
