import * as path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { createErrorFormatter, errorReportingPlugin } from '@crm/graphql';
import {
  CLIENT_BODY_LIMIT_BYTES,
  getOrPostOnly,
  Metrics,
  httpErrorHandler,
  httpMetrics,
  notFoundHandler,
  requestLogging,
  traceRequests,
  type Logger,
} from '@crm/observability';
import express, { type Express, type RequestHandler } from 'express';
import { subgraphUrls, type GatewayConfig } from './config/gateway.config';
import { apiTokenExchange } from './api-token-exchange';
import { consoleRoutes } from './console-static';
import { publicRoutes } from './public-routes';
import { authenticate, customersOnly, internalCallersOnly, type AuthenticatedRequest } from './gateway-auth';
import { armor, operationChecks, tokenLimit } from './operation-limits';
import { supergraphFromFile } from './supergraph/supergraph-file';
import { partnerInGoodStanding } from './partner-standing';
import { loadSafelist, safelistOnly } from './persisted-operations';
import { CountingQueryPlanCache } from './query-plan-cache';
import { SubgraphDataSource, type GatewayContext } from './subgraph-data-source';
import { subgraphFetcher } from './subgraph-fetcher';

export const DEFAULT_SUPERGRAPH_FILE = path.resolve(__dirname, '../supergraph.graphql');
export const DEFAULT_PARTNER_SUPERGRAPH_FILE = path.resolve(__dirname, '../partner-supergraph.graphql');
export const DEFAULT_PARTNER_OPERATIONS_FILE = path.resolve(__dirname, '../partner-operations.json');
export const DEFAULT_PORTAL_SUPERGRAPH_FILE = path.resolve(__dirname, '../portal-supergraph.graphql');
export const DEFAULT_PORTAL_OPERATIONS_FILE = path.resolve(__dirname, '../portal-operations.json');

export interface RunningGateway {
  app: Express;
  /** The gateway's metrics, served by main.ts on METRICS_PORT, apart from the public port. */
  metrics: Metrics;
  stop(): Promise<void>;
}

/** One graph served by the gateway: the whole supergraph, or a contract (partner, portal). */
async function graphServer(
  config: GatewayConfig,
  logger: Logger,
  supergraphFile: string,
  planCache: CountingQueryPlanCache,
): Promise<ApolloServer<GatewayContext>> {
  const urls = subgraphUrls(config);
  const fetcher = subgraphFetcher(config.SUBGRAPH_TIMEOUT_MS);
  // Unless told not to, @apollo/gateway reports usage to Apollo's servers and, at every start,
  // probes the AWS, GCP, Azure and Alibaba metadata addresses to describe the host (the
  // MetadataLookupWarning in the logs). This platform sends nothing to a third party; the
  // constructor is the only reader, and this environment variable the only switch it has.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(supergraphFile, config.SUPERGRAPH_POLL_MS, logger),
    queryPlannerConfig: { cache: planCache },
    buildService: ({ name, url }) => {
      const target = urls[name];
      if (!target) throw new Error(`the supergraph names subgraph "${name}" (${url ?? 'no url'}) but the gateway has no URL for it`);
      return new SubgraphDataSource(target, fetcher, (err, requestId) =>
        logger.warn({ err, subgraph: name, requestId }, 'subgraph unavailable; its fields answer SERVICE_UNAVAILABLE'),
      );
    },
  });
  const limits = armor(config);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.INTROSPECTION,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    persistedQueries: false,
    includeStacktraceInErrorResponses: false,
    validationRules: limits.validationRules,
    parseOptions: tokenLimit(config),
    plugins: [
      // No response is HTTP-cached, so no cache policy is computed per request and per subgraph call.
      ApolloServerPluginCacheControlDisabled(),
      ...(limits.plugins as ApolloServerPlugin<GatewayContext>[]),
      operationChecks(config.MAX_PAGE_SIZE),
      errorReportingPlugin<GatewayContext>(
        (ctx) => ctx.requestId,
        (err, requestId) => logger.error({ err, requestId }, 'internal error answered as INTERNAL_SERVER_ERROR'),
        { exposeRequestId: true },
      ),
    ],
    formatError: createErrorFormatter(),
  });
  await server.start();
  return server;
}

const context: Parameters<typeof expressMiddleware<GatewayContext>>[1] = {
  context: ({ req }) => {
    const r = req as AuthenticatedRequest & { id?: string | number };
    return Promise.resolve({ requestId: String(r.id ?? ''), token: r.token ?? '' });
  },
};

/**
 * A contract graph (partner, portal) built on its first request instead of at start. Each graph is
 * a supergraph and a query planner to build; most gateway starts (a developer's `npm start`, each
 * end-to-end spec's stack) never serve a contract, and readiness waited for all three. Concurrent first requests share one build; a build that fails
 * (the file is checked in CI, so this is a broken deploy) answers as an internal error, logged,
 * and the next request builds again.
 */
function builtOnFirstRequest(build: () => Promise<ApolloServer<GatewayContext>>): {
  handle: RequestHandler;
  stop(): Promise<void>;
} {
  let built: Promise<{ server: ApolloServer<GatewayContext>; handle: RequestHandler }> | null = null;
  return {
    handle: async (req, res, next) => {
      const attempt = (built ??= build().then((server) => ({ server, handle: expressMiddleware(server, context) })));
      let graph: Awaited<typeof attempt>;
      try {
        graph = await attempt;
      } catch (err) {
        if (built === attempt) built = null;
        return next(err);
      }
      return graph.handle(req, res, next);
    },
    stop: async () => {
      const graph = await built?.catch(() => null);
      await graph?.server.stop();
    },
  };
}

/**
 * @apollo/gateway on @apollo/server: the internal graph at /graphql, the partner contract at
 * /partner/graphql, the self-service portal's contract at /portal/graphql.
 */
export async function createGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const auth = authenticate(config);
  const safelist = loadSafelist(config.PARTNER_OPERATIONS_FILE ?? DEFAULT_PARTNER_OPERATIONS_FILE);
  const portalSafelist = loadSafelist(config.PORTAL_OPERATIONS_FILE ?? DEFAULT_PORTAL_OPERATIONS_FILE);
  const metrics = new Metrics();
  const plans = metrics.counter({
    name: 'gateway_query_plan_cache_total',
    help: 'Query plan cache lookups',
    labelNames: ['graph', 'result'],
  });
  const planCache = (graph: string) => new CountingQueryPlanCache(1000, (result) => plans.inc({ graph, result }));
  const internal = await graphServer(config, logger, config.SUPERGRAPH_FILE ?? DEFAULT_SUPERGRAPH_FILE, planCache('internal'));
  const partner = builtOnFirstRequest(() =>
    graphServer(config, logger, config.PARTNER_SUPERGRAPH_FILE ?? DEFAULT_PARTNER_SUPERGRAPH_FILE, planCache('partner')),
  );
  const portal = builtOnFirstRequest(() =>
    graphServer(config, logger, config.PORTAL_SUPERGRAPH_FILE ?? DEFAULT_PORTAL_SUPERGRAPH_FILE, planCache('portal')),
  );

  const app = express();
  app.disable('x-powered-by');
  // GraphQL answers are POSTed and never revalidated: no hash of every response body for an ETag.
  app.disable('etag');
  app.use(requestLogging(logger));
  app.use(httpMetrics(metrics));
  app.get('/health/live', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/health/ready', (_req, res) => void res.json({ status: 'ok', checks: { supergraph: 'up' } }));
  const json = express.json({ limit: CLIENT_BODY_LIMIT_BYTES }) as RequestHandler;
  const traced = traceRequests();
  app.use('/graphql', getOrPostOnly, auth, internalCallersOnly, json, traced, expressMiddleware(internal, context));
  const standing = partnerInGoodStanding(config.PARTNERS_URL, config.SUBGRAPH_TIMEOUT_MS);
  // The standing check runs after the safelist, so an operation that would not run anyway costs no call to partners.
  app.use('/partner/graphql', getOrPostOnly, auth, json, traced, safelistOnly(safelist, 'partner'), standing, partner.handle);
  // A customer's rows are scoped in service by the token's customer_id (filters and row-level security).
  app.use('/portal/graphql', getOrPostOnly, auth, customersOnly, json, traced, safelistOnly(portalSafelist, 'portal'), portal.handle);
  app.use(apiTokenExchange(config, logger));
  app.use(publicRoutes(config));
  app.use(consoleRoutes(config, logger));
  app.use(notFoundHandler);
  app.use(httpErrorHandler((err, requestId) => logger.error({ err, requestId }, 'internal error answered as INTERNAL_SERVER_ERROR')));
  return { app, metrics, stop: async () => void (await Promise.all([internal.stop(), partner.stop(), portal.stop()])) };
}
