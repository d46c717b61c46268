import { env } from '@crm/config';

export const REFERENCES_OPTIONS = Symbol('REFERENCES_OPTIONS');

export interface ReferencesOptions {
  /** The service's name: its consumer group is `<service>-known-customers`. */
  service: string;
}

/** The settings of a service whose writes name customers; spread into its config schema. */
export const customerReferencesEnvShape = {
  /** Sales' /graphql, asked when the local read model does not know a customer yet. */
  SALES_URL: env.url().default('http://127.0.0.1:4001/graphql'),
  /** How long a write waits for sales' answer before it is refused as SERVICE_UNAVAILABLE. */
  REFERENCE_LOOKUP_TIMEOUT_MS: env.positiveInt(2000),
};

export interface CustomerReferencesConfig {
  SALES_URL: string;
  REFERENCE_LOOKUP_TIMEOUT_MS: number;
}
