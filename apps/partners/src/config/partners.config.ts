import { env, serviceEnvShape } from '@crm/config';
import { customerReferencesEnvShape } from '@crm/references';
import { z } from 'zod';

export const partnersConfigSchema = z.object({ ...serviceEnvShape, ...customerReferencesEnvShape, PORT: env.port(4004) });

export type PartnersConfig = z.infer<typeof partnersConfigSchema>;
