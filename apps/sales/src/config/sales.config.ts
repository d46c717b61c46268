import { env, serviceEnvShape } from '@crm/config';
import { z } from 'zod';

export const salesConfigSchema = z.object({ ...serviceEnvShape, PORT: env.port(4001) });

export type SalesConfig = z.infer<typeof salesConfigSchema>;
