import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { subgraphFetcher } from './subgraph-fetcher';

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
});
