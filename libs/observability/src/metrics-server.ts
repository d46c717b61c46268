import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics';

/**
 * /metrics on a port of its own, apart from the public one: the gateway's public port faces the
 * internet (through the Ingress), and its metrics name routes, volumes and error rates that are
 * nobody's business there. This port is opened by the NetworkPolicy to the Prometheus scraper
 * only, which needs no credentials to scrape it; a token would have to be provisioned to the
 * scraper and rotated, and would still leave the endpoint on the internet. Port 0 takes a free
 * port (tests and several gateways on one machine).
 */
export async function serveMetrics(metrics: Metrics, port: number, host?: string): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"errors":[{"message":"Only GET /metrics is served here","extensions":{"code":"NOT_FOUND"}}]}');
      return;
    }
    metrics.registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
