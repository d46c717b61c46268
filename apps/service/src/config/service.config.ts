import { env, serviceEnvShape } from '@crm/config';
import { customerReferencesEnvShape } from '@crm/references';
import { z } from 'zod';

export const serviceConfigSchema = z.object({ ...serviceEnvShape, ...customerReferencesEnvShape, PORT: env.port(4003) });

export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
