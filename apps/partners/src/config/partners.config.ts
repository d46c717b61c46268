import { env, serviceEnvShape } from '@crm/config';
import { z } from 'zod';

export const partnersConfigSchema = z.object({ ...serviceEnvShape, PORT: env.port(4004) });

export type PartnersConfig = z.infer<typeof partnersConfigSchema>;
