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
  /** The job that expires approved registrations not won by their protection expiry. */
  DEAL_REGISTRATION_EXPIRY_ENABLED: env.bool(true),
  DEAL_REGISTRATION_EXPIRY_INTERVAL_MS: env.positiveInt(60_000),
  /** The job that expires lead offers not answered in time and moves their leads to the next partner. */
  LEAD_OFFER_EXPIRY_ENABLED: env.bool(true),
  LEAD_OFFER_EXPIRY_INTERVAL_MS: env.positiveInt(15_000),
});

export type PartnersConfig = z.infer<typeof partnersConfigSchema>;
