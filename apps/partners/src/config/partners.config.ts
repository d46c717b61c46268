import { env, serviceEnvShape } from '@crm/config';
import { subgraph } from '@crm/registry';
import { z } from 'zod';

export const partnersConfigSchema = z.object({ ...serviceEnvShape, PORT: env.port(subgraph('partners').port) });

export type PartnersConfig = z.infer<typeof partnersConfigSchema>;
