/**
 * A reference for scenarios 1 and 2, not a product: Apollo Server and @apollo/gateway with nothing
 * of ours around them (no express, token check, operation limits, logging or metrics), on a bare
 * node:http server, calling subgraphs through the gateway's own SubgraphDataSource. What our gateway
 * costs above this is ours; what this costs above reference-proxy.ts is Apollo's.
 *
 *   PORT=... SUPERGRAPH_FILE=... SALES_URL=... (one <NAME>_URL per subgraph) node bench/dist/reference-gateway.js
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';

interface GatewayParts {
  subgraphFetcher(timeoutMs: number): unknown;
  SubgraphDataSource: new (url: string, post: unknown, onUnavailable: () => void) => never;
}
// The app's compiled modules: the bench project does not compile apps/gateway's sources itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fetcherModule = require(path.resolve(__dirname, '../../apps/gateway/dist/subgraph-fetcher.js')) as Pick<
  GatewayParts,
  'subgraphFetcher'
>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sourceModule = require(path.resolve(__dirname, '../../apps/gateway/dist/subgraph-data-source.js')) as Pick<
  GatewayParts,
  'SubgraphDataSource'
>;

async function main(): Promise<void> {
  const post = fetcherModule.subgraphFetcher(5000);
  const gateway = new ApolloGateway({
    supergraphSdl: fs.readFileSync(process.env.SUPERGRAPH_FILE ?? '', 'utf8'),
    buildService: ({ name }) => new sourceModule.SubgraphDataSource(process.env[`${name.toUpperCase()}_URL`] ?? '', post, () => undefined),
  });
  const server = new ApolloServer<{ requestId: string; token: string }>({
    gateway,
    csrfPrevention: true,
    persistedQueries: false,
    allowBatchedHttpRequests: false,
    plugins: [ApolloServerPluginCacheControlDisabled()],
  });
  await server.start();
  http
    .createServer((req, res) => {
      if (req.method === 'GET') return void res.end('ok');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const headers = new HeaderMap();
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        server
          .executeHTTPGraphQLRequest({
            httpGraphQLRequest: {
              method: 'POST',
              headers,
              search: '',
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
            },
            context: () => Promise.resolve({ requestId: '', token }),
          })
          .then((answer) => {
            const body = answer.body.kind === 'complete' ? answer.body.string : '';
            res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
            res.end(body);
          })
          .catch(() => res.writeHead(500).end());
      });
    })
    .listen(Number(process.env.PORT), '127.0.0.1');
}

void main();
