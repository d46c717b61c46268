import { authEnvShape, env } from '@crm/config';
import { z } from 'zod';

export const gatewayConfigSchema = z.object({
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  PORT: env.port(4000),
  /**
   * Where /metrics is served: a port of its own that only the Prometheus scraper is let through
   * to, never the public one. 0 (the default) takes a free port and logs it, so several gateways
   * run side by side on one machine; deployments set 9464.
   */
  METRICS_PORT: env.port(0),
  SALES_URL: env.url(),
  MARKETING_URL: env.url(),
  SERVICE_URL: env.url(),
  PARTNERS_URL: env.url(),
  ANALYTICS_URL: env.url(),
  SUBGRAPH_TIMEOUT_MS: env.positiveInt(5000),
  /** The composed supergraph; defaults to the committed one shipped with the gateway. */
  SUPERGRAPH_FILE: z.string().optional(),
  /**
   * How often (ms) the gateway re-reads both supergraph files and, when one changed, serves the new
   * graph without a restart (Kubernetes updates the mounted ConfigMap in place); 0 never re-reads.
   */
  SUPERGRAPH_POLL_MS: z.coerce.number().int().min(0).default(0),
  /** The partner contract (/partner/graphql); defaults to the committed one. */
  PARTNER_SUPERGRAPH_FILE: z.string().optional(),
  /** The partner endpoint's persisted operations; defaults to the committed safelist. */
  PARTNER_OPERATIONS_FILE: z.string().optional(),
  ...authEnvShape(),
  /** Schema introspection on both endpoints; off unless turned on here, whatever NODE_ENV says. */
  INTROSPECTION: env.bool(false),
  MAX_DEPTH: env.positiveInt(12),
  MAX_ALIASES: env.positiveInt(15),
  MAX_COST: env.positiveInt(5000),
  MAX_TOKENS: env.positiveInt(2000),
  /** The largest `first` a list may be asked for; above it the operation is refused, not truncated. */
  MAX_PAGE_SIZE: env.positiveInt(100),
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
