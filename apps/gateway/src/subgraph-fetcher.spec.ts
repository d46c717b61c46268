import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { KEEP_ALIVE_TIMEOUT_MS, keepIdleConnectionsOpen } from '@crm/observability';
import { IDLE_SOCKET_TIMEOUT_MS, subgraphFetcher } from './subgraph-fetcher';

/**
 * The keep-alive race, made deterministic: an HTTP/1.1 server that answers the first request on a
 * connection and keeps it open (announcing no timeout), then resets the connection when the next
 * request arrives on it, as a server whose keep-alive timer fires just as a pooled connection is
 * reused does.
 */
async function resettingServer() {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let answered = 0;
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(buffer.slice(0, end))?.[1] ?? 0);
      if (buffer.length < end + 4 + length) return;
      seen.push(buffer.slice(end + 4, end + 4 + length));
      buffer = '';
      if (answered++ > 0) return void socket.resetAndDestroy();
      const body = '{"data":{"ok":true}}';
      socket.write(
        `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: keep-alive\r\n\r\n${body}`,
      );
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    seen,
    connections: () => sockets.size,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('subgraphFetcher', () => {
  let server: http.Server;
  let url: string;
  let connections = 0;
  const received: { method?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ method: req.method, headers: req.headers, body });
        if (req.url === '/hang') return; // never answers
        res.writeHead(req.url === '/down' ? 503 : 200, { 'content-type': 'application/json', 'x-seen': 'yes' });
        res.end(JSON.stringify({ data: { echo: body } }));
      });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the body and headers and answers the status and the body', async () => {
    const post = subgraphFetcher(2000);
    const res = await post(`${url}/graphql`, '{"query":"{a}"}', { 'content-type': 'application/json', authorization: 'Bearer t' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ data: { echo: '{"query":"{a}"}' } });
    const last = received[received.length - 1]!;
    expect(last.method).toBe('POST');
    expect(last.headers.authorization).toBe('Bearer t');
    expect(last.headers['content-length']).toBe(String('{"query":"{a}"}'.length));
  });

  it('reuses one connection for calls made one after another', async () => {
    const post = subgraphFetcher(2000);
    const before = connections;
    for (let i = 0; i < 5; i++) await post(`${url}/graphql`, '{}', {});
    expect(connections - before).toBe(1);
  });

  it('answers an error status with its body', async () => {
    const res = await subgraphFetcher(2000)(`${url}/down`, '{}', {});
    expect(res.status).toBe(503);
    expect(res.body).toContain('echo');
  });

  it('fails a call that does not answer in time', async () => {
    await expect(subgraphFetcher(200)(`${url}/hang`, '{}', {})).rejects.toThrow(/within 200 ms/);
  });

  it('fails a call to a server that is not there', async () => {
    await expect(subgraphFetcher(2000)('http://127.0.0.1:1/graphql', '{}', {})).rejects.toThrow();
  });

  describe('the keep-alive race with a server closing idle connections', () => {
    it('sends a query once more on a fresh connection when the pooled one is reset under it', async () => {
      const server = await resettingServer();
      try {
        const post = subgraphFetcher(2000);
        expect((await post(server.url, '{"query":"{a}"}', {}, true)).status).toBe(200);
        const res = await post(server.url, '{"query":"{b}"}', {}, true);
        expect(res).toEqual({ status: 200, body: '{"data":{"ok":true}}' });
        expect(server.seen).toEqual(['{"query":"{a}"}', '{"query":"{b}"}', '{"query":"{b}"}']);
        expect(server.connections()).toBe(2);
      } finally {
        await server.close();
      }
    });

    it('never sends a mutation twice: the reset fails the call', async () => {
      const server = await resettingServer();
      try {
        const post = subgraphFetcher(2000);
        await post(server.url, '{"query":"{a}"}', {}, true);
        await expect(post(server.url, '{"query":"mutation{m}"}', {})).rejects.toMatchObject({ code: 'ECONNRESET' });
        expect(server.seen.filter((b) => b.includes('mutation'))).toHaveLength(1);
      } finally {
        await server.close();
      }
    });

    it('closes an idle pooled connection itself before the server would, so no request meets a closing connection', async () => {
      const server = http.createServer((_req, res) => res.end('{}'));
      // The server keeps idle connections 3 s (and says so); the pool gives up on them after 100 ms.
      keepIdleConnectionsOpen(server, 3000);
      const closedByServer: boolean[] = [];
      let opened = 0;
      server.on('connection', (socket: net.Socket) => {
        opened++;
        socket.on('end', () => closedByServer.push(false));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
      try {
        const post = subgraphFetcher(2000, 100);
        expect((await post(target, '{}', {})).status).toBe(200);
        await new Promise((r) => setTimeout(r, 400));
        expect(closedByServer).toEqual([false]); // the client ended it
        expect((await post(target, '{}', {})).status).toBe(200);
        expect(opened).toBe(2);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('keeps the pool’s idle timeout below the servers’ keep-alive timeout', () => {
      expect(IDLE_SOCKET_TIMEOUT_MS).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS);
      const server = http.createServer();
      keepIdleConnectionsOpen(server);
      expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
      expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
    });
  });
});
