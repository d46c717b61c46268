import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { createErrorFormatter } from '@crm/graphql';
import { Metrics, httpMetrics, requestLogging, type Logger } from '@crm/observability';
import express, { type Express } from 'express';
import { subgraphUrls, type GatewayConfig } from './config/gateway.config';
import { SubgraphDataSource, type GatewayContext } from './subgraph-data-source';

function fetchWithTimeout(ms: number): typeof fetch {
  // Node's fetch keeps connections to each subgraph alive between requests.
  return (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(ms) });
}

export const DEFAULT_SUPERGRAPH_FILE = path.resolve(__dirname, '../supergraph.graphql');

export interface RunningGateway {
  app: Express;
  stop(): Promise<void>;
}

/** @apollo/gateway on @apollo/server, serving the committed supergraph, with health and metrics. */
export async function createGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const urls = subgraphUrls(config);
  const supergraphSdl = fs.readFileSync(config.SUPERGRAPH_FILE ?? DEFAULT_SUPERGRAPH_FILE, 'utf8');
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const target = urls[name];
      if (!target) throw new Error(`the supergraph names subgraph "${name}" (${url ?? 'no url'}) but the gateway has no URL for it`);
      return new SubgraphDataSource({ url: target, fetcher: fetchWithTimeout(config.SUBGRAPH_TIMEOUT_MS) }, (err) =>
        logger.warn({ err, subgraph: name }, 'subgraph unavailable; its fields answer SERVICE_UNAVAILABLE'),
      );
    },
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.NODE_ENV !== 'production',
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter((err) => logger.error({ err }, 'internal error answered as INTERNAL_SERVER_ERROR')),
  });
  await server.start();

  const metrics = new Metrics();
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLogging(logger));
  app.use(httpMetrics(metrics));
  app.get('/health/live', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/health/ready', (_req, res) => void res.json({ status: 'ok', checks: { supergraph: 'up' } }));
  app.get('/metrics', (_req, res) => {
    void metrics.registry.metrics().then((body) => res.type('text/plain; version=0.0.4').send(body));
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(server, { context: async ({ req }) => ({ requestId: String((req as { id?: string | number }).id ?? '') }) }),
  );
  return { app, stop: () => server.stop() };
}
