import { env, serviceEnvShape } from '@crm/config';
import { customerReferencesEnvShape } from '@crm/references';
import { subgraph } from '@crm/registry';
import { z } from 'zod';

export const partnersConfigSchema = z.object({
  ...serviceEnvShape,
  ...customerReferencesEnvShape,
  PORT: env.port(subgraph('partners').port),
  /** How long a registered domain stays the registering partner's, unless an approval sets another expiry. */
  DEAL_REGISTRATION_PROTECTION_DAYS: env.positiveInt(90),
});

export type PartnersConfig = z.infer<typeof partnersConfigSchema>;
