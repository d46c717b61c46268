import { env, serviceEnvShape } from '@crm/config';
import { z } from 'zod';

export const analyticsConfigSchema = z.object({ ...serviceEnvShape, PORT: env.port(4005) });

export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;
