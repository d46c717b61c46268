import { env, serviceEnvShape } from '@crm/config';
import { z } from 'zod';

export const serviceConfigSchema = z.object({ ...serviceEnvShape, PORT: env.port(4003) });

export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
