import type { AddressInfo } from 'node:net';
import express from 'express';
import { getOrPostOnly, httpErrorHandler, notFoundHandler } from './http-errors';
import { Metrics } from './metrics';
import { serveMetrics } from './metrics-server';

describe('httpErrorHandler', () => {
  const internal: unknown[] = [];
  let base: string;
  let close: () => void;

  beforeAll(async () => {
    const app = express();
    app.use('/graphql', getOrPostOnly);
    app.post('/graphql', express.json({ limit: 100 }), (_req, res) => void res.json({ data: {} }));
    app.get('/boom', () => {
      throw new Error('secret detail at /srv/app/file.js');
    });
    app.use(notFoundHandler);
    app.use(httpErrorHandler((err) => internal.push(err)));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it.each([
    ['malformed JSON', () => post('{"query": '), 400, 'body', /not valid JSON/],
    ['a body over the limit', () => post(JSON.stringify({ query: 'x'.repeat(200) })), 413, 'body', /over the limit of 100 bytes/],
    ['an unknown charset', () => post('{}', 'application/json; charset=klingon'), 415, 'content-type', /klingon/],
  ])('answers %s as BAD_USER_INPUT in JSON with its status', async (_case, send, status, field, message) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { errors: { message: string; extensions: Record<string, string> }[] };
    expect(body.errors[0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(body.errors[0]!.message).toMatch(message);
    expect(JSON.stringify(body)).not.toMatch(/node_modules|at \w+ \(/);
  });

  it.each(['PUT', 'DELETE', 'PATCH'])('answers %s at a GraphQL endpoint with 405, naming the methods it serves', async (method) => {
    const res = await fetch(`${base}/graphql`, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
    expect(((await res.json()) as { errors: { extensions: unknown }[] }).errors[0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'method',
    });
  });

  it('answers anything else as an internal error, without its detail, and hands the error to the log', async () => {
    const res = await fetch(`${base}/boom`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    expect(internal).toHaveLength(1);
  });

  it('answers a path nothing serves with JSON', async () => {
    const res = await fetch(`${base}/nothing`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('NOT_FOUND');
  });
});

describe('serveMetrics', () => {
  it('serves the registry at GET /metrics on its own port, and nothing else', async () => {
    const metrics = new Metrics();
    const server = await serveMetrics(metrics, 0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/^process_cpu_user_seconds_total /m);
      expect((await fetch(`http://127.0.0.1:${server.port}/graphql`, { method: 'POST' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
