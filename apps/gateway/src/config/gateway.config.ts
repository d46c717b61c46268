import { env } from '@crm/config';
import { z } from 'zod';

export const gatewayConfigSchema = z.object({
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  PORT: env.port(4000),
  SALES_URL: env.url(),
  MARKETING_URL: env.url(),
  SERVICE_URL: env.url(),
  PARTNERS_URL: env.url(),
  ANALYTICS_URL: env.url(),
  SUBGRAPH_TIMEOUT_MS: env.positiveInt(5000),
  /** The composed supergraph; defaults to the committed one shipped with the gateway. */
  SUPERGRAPH_FILE: z.string().optional(),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

/** Subgraph name in the supergraph → where it runs in this environment. */
export function subgraphUrls(config: GatewayConfig): Record<string, string> {
  return {
    sales: config.SALES_URL,
    marketing: config.MARKETING_URL,
    service: config.SERVICE_URL,
    partners: config.PARTNERS_URL,
    analytics: config.ANALYTICS_URL,
  };
}
