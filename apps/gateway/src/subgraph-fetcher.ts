import * as http from 'node:http';
import * as https from 'node:https';

export interface SubgraphAnswer {
  status: number;
  body: string;
}

/** POSTs a JSON body to a subgraph and answers the status and the body as text. */
export type SubgraphPost = (url: string, body: string, headers: Record<string, string>) => Promise<SubgraphAnswer>;

/**
 * The gateway's HTTP client to its subgraphs: node:http on keep-alive agents (one per protocol,
 * shared by every subgraph), so calls reuse warm connections, with nothing per call beyond the
 * request itself (no WHATWG Request/Response/Headers, streams or AbortSignal). A call that has not
 * answered within `timeoutMs` fails (its fields then answer SERVICE_UNAVAILABLE, see SubgraphDataSource).
 */
export function subgraphFetcher(timeoutMs: number): SubgraphPost {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 }),
  };
  const targets = new Map<string, URL>();
  return (url, body, headers) =>
    new Promise<SubgraphAnswer>((resolve, reject) => {
      let target = targets.get(url);
      if (!target) targets.set(url, (target = new URL(url)));
      const agent = agents[target.protocol as keyof typeof agents];
      if (!agent) return reject(new Error(`unsupported subgraph URL ${url}`));
      const client = target.protocol === 'https:' ? https : http;
      const req = client.request(
        target,
        { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      const timer = setTimeout(() => req.destroy(new Error(`no answer from ${target.host} within ${timeoutMs} ms`)), timeoutMs);
      req.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      req.end(body);
    });
}
