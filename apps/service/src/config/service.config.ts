import { env, serviceEnvShape } from '@crm/config';
import { subgraph } from '@crm/registry';
import { z } from 'zod';

export const serviceConfigSchema = z.object({ ...serviceEnvShape, PORT: env.port(subgraph('service').port) });

export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
