import * as http from 'node:http';
import * as https from 'node:https';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';

class BufferedResponse implements FetcherResponse {
  readonly redirected = false;
  readonly bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    private readonly body: Buffer,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return new Uint8Array(this.body).buffer;
  }

  async text(): Promise<string> {
    return this.body.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body.toString('utf8')) as unknown;
  }

  clone(): FetcherResponse {
    return new BufferedResponse(this.url, this.status, this.statusText, new Headers(this.headers), this.body);
  }
}

/**
 * The gateway's HTTP client to its subgraphs: node:http on keep-alive agents (one per protocol,
 * shared by every subgraph), so calls reuse warm connections without the WHATWG fetch machinery's
 * per-request streams and objects. A call that has not answered within `timeoutMs` fails (its
 * fields then answer SERVICE_UNAVAILABLE, see SubgraphDataSource).
 */
export function subgraphFetcher(timeoutMs: number): Fetcher {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 }),
  };
  return (url, init = {}) =>
    new Promise<FetcherResponse>((resolve, reject) => {
      const target = new URL(url);
      const client = target.protocol === 'https:' ? https : http;
      const agent = agents[target.protocol as keyof typeof agents];
      if (!agent) return reject(new Error(`unsupported subgraph URL ${url}`));
      const body = init.body ?? '';
      const req = client.request(
        target,
        { method: init.method ?? 'POST', agent, headers: { ...init.headers, 'content-length': String(Buffer.byteLength(body)) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            clearTimeout(timer);
            const headers = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (Array.isArray(value)) for (const v of value) headers.append(name, v);
              else if (value !== undefined) headers.set(name, value);
            }
            resolve(new BufferedResponse(url, res.statusCode ?? 0, res.statusMessage ?? '', headers, Buffer.concat(chunks)));
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
