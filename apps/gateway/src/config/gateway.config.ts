import { authEnvShape, env, telemetryEnvShape } from '@crm/config';
import { GATEWAY, SUBGRAPHS, type SubgraphUrlVariable } from '@crm/registry';
import { z } from 'zod';
import { consoleEnvShape } from '../console-static';

/** Where each subgraph runs: SALES_URL, MARKETING_URL... one required URL per registered subgraph. */
const subgraphUrlShape = Object.fromEntries(SUBGRAPHS.map((s) => [s.urlVariable, env.url()])) as Record<
  SubgraphUrlVariable,
  ReturnType<typeof env.url>
>;

export const gatewayConfigSchema = z.object({
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  PORT: env.port(GATEWAY.port),
  /**
   * Where /metrics is served: a port of its own that only the Prometheus scraper is let through
   * to, never the public one. 0 (the default) takes a free port and logs it, so several gateways
   * run side by side on one machine; deployments set 9464.
   */
  METRICS_PORT: env.port(0),
  ...subgraphUrlShape,
  SUBGRAPH_TIMEOUT_MS: env.positiveInt(5000),
  /**
   * How many proxies in front of the gateway append the client's address to X-Forwarded-For (1
   * behind the ingress). 0, the default, uses the socket's address and ignores the header, which a
   * client reaching the gateway directly could forge; too high a number lets it forge the address
   * that web forms are rate-limited by.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
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
  /** The self-service portal's contract (/portal/graphql); defaults to the committed one. */
  PORTAL_SUPERGRAPH_FILE: z.string().optional(),
  /** The portal endpoint's persisted operations; defaults to the committed safelist. */
  PORTAL_OPERATIONS_FILE: z.string().optional(),
  ...authEnvShape(),
  /**
   * The private key (a JWK file) that POST /auth/token signs integrations' tokens with; its public
   * half must be among the keys every service verifies with. Unset, the exchange is off.
   */
  API_TOKEN_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** How long a token exchanged for an API key lives: 1 to 60 minutes. */
  API_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60, 'must be at least 60').max(3600, 'must be at most 3600').default(900),
  /** POST /auth/token requests one API key may make per minute (a token lives minutes: an integration needs few). */
  API_TOKEN_REQUESTS_PER_KEY_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(10_000, 'must be at most 10000')
    .default(10),
  /** POST /auth/token requests one client address may make per minute, whatever keys it sends. */
  API_TOKEN_REQUESTS_PER_IP_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(100_000, 'must be at most 100000')
    .default(60),
  ...consoleEnvShape,
  ...telemetryEnvShape(),
  /** Schema introspection on every endpoint; off unless turned on here, whatever NODE_ENV says. */
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
  return Object.fromEntries(SUBGRAPHS.map((s) => [s.name, config[s.urlVariable]]));
}
