import { env, serviceEnvShape } from '@crm/config';
import { customerReferencesEnvShape } from '@crm/references';
import { z } from 'zod';

export const marketingConfigSchema = z.object({ ...serviceEnvShape, ...customerReferencesEnvShape, PORT: env.port(4002) });

export type MarketingConfig = z.infer<typeof marketingConfigSchema>;
