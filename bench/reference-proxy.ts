/**
 * A reference for scenario 1, not a product: the least any gateway in Node.js does, one HTTP hop.
 * It reads the POSTed body, forwards it with the caller's token to one subgraph over a keep-alive
 * connection, and answers the subgraph's answer. Whatever the gateway costs above this is GraphQL work.
 *
 *   PORT=... TARGET_URL=http://127.0.0.1:.../graphql node bench/dist/reference-proxy.js
 */
import * as http from 'node:http';

const target = new URL(process.env.TARGET_URL ?? '');
const agent = new http.Agent({ keepAlive: true });

http
  .createServer((req, res) => {
    if (req.method === 'GET') return void res.end('ok');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = {
        'content-type': 'application/json',
        'content-length': String(body.length),
        authorization: req.headers.authorization ?? '',
      };
      const upstream = http.request(target, { method: 'POST', agent, headers }, (answer) => {
        const out: Buffer[] = [];
        answer.on('data', (c: Buffer) => out.push(c));
        answer.on('end', () => {
          const b = Buffer.concat(out);
          res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json', 'content-length': String(b.length) });
          res.end(b);
        });
      });
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(body);
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
