import * as http from 'node:http';
import * as https from 'node:https';

export interface SubgraphAnswer {
  status: number;
  body: string;
}

/**
 * POSTs a JSON body to a subgraph and answers the status and the body as text. `idempotent` (a
 * query, never a mutation) allows sending it once more when the connection was reset under it.
 */
export type SubgraphPost = (url: string, body: string, headers: Record<string, string>, idempotent?: boolean) => Promise<SubgraphAnswer>;

/**
 * How long a warm connection may sit idle in the pool before the gateway closes it. It must stay
 * below the subgraphs' own keep-alive timeout (KEEP_ALIVE_TIMEOUT_MS in libs/subgraph, 65 s): the
 * side that closes an idle connection must be the side that would reuse it, or a request written
 * as the server closes its end is lost to a reset. Without a `timeout` the Node agent keeps idle
 * sockets forever and ignores the server's `Keep-Alive: timeout=` hint, which is how Node's 5 s
 * default reset 2-5 % of calls at c=50.
 */
export const IDLE_SOCKET_TIMEOUT_MS = 30_000;

/** The failures of a connection closed by the other end (or under us) before any answer came. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

export const isConnectionReset = (e: unknown): boolean => RESET_CODES.has((e as NodeJS.ErrnoException | undefined)?.code ?? '');

/**
 * The gateway's HTTP client to its subgraphs: node:http on keep-alive agents (one per protocol,
 * shared by every subgraph), so calls reuse warm connections, with nothing per call beyond the
 * request itself (no WHATWG Request/Response/Headers, streams or AbortSignal). A call that has not
 * answered within `timeoutMs` fails (its fields then answer SERVICE_UNAVAILABLE, see SubgraphDataSource).
 * A reset connection is retried once, for idempotent calls only: a reset can still happen (a
 * subgraph restarting, a proxy in between), and a query asked twice does no harm; a mutation might
 * have been applied before the reset, so it is never sent again.
 */
export function subgraphFetcher(timeoutMs: number, idleSocketTimeoutMs = IDLE_SOCKET_TIMEOUT_MS): SubgraphPost {
  const pool = { keepAlive: true, maxSockets: 256, maxFreeSockets: 64, timeout: idleSocketTimeoutMs };
  const agents = { 'http:': new http.Agent(pool), 'https:': new https.Agent(pool) };
  const targets = new Map<string, URL>();
  const once = (target: URL, body: string, headers: Record<string, string>, ms: number) =>
    new Promise<SubgraphAnswer>((resolve, reject) => {
      const agent = agents[target.protocol as keyof typeof agents];
      if (!agent) return reject(new Error(`unsupported subgraph URL ${target.href}`));
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
      const timer = setTimeout(() => req.destroy(new Error(`no answer from ${target.host} within ${timeoutMs} ms`)), ms);
      req.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      req.end(body);
    });
  return async (url, body, headers, idempotent = false) => {
    let target = targets.get(url);
    if (!target) targets.set(url, (target = new URL(url)));
    const started = Date.now();
    try {
      return await once(target, body, headers, timeoutMs);
    } catch (e) {
      // The retry gets what is left of the same deadline: a caller never waits longer than timeoutMs.
      const left = timeoutMs - (Date.now() - started);
      if (!idempotent || !isConnectionReset(e) || left <= 0) throw e;
      return once(target, body, headers, left);
    }
  };
}
