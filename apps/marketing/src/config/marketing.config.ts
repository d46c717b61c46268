import { env, serviceEnvShape } from '@crm/config';
import { z } from 'zod';

export const marketingConfigSchema = z.object({ ...serviceEnvShape, PORT: env.port(4002) });

export type MarketingConfig = z.infer<typeof marketingConfigSchema>;
