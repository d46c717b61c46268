import { env, serviceEnvShape } from '@crm/config';
import { subgraph } from '@crm/registry';
import { z } from 'zod';

export const marketingConfigSchema = z.object({ ...serviceEnvShape, PORT: env.port(subgraph('marketing').port) });

export type MarketingConfig = z.infer<typeof marketingConfigSchema>;
