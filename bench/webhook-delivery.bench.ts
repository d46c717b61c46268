/**
 * Webhook delivery benchmark: how many signed deliveries a second the webhook worker makes, from
 * the first event on Kafka to the last delivery received, for a backlog of customer events fanned
 * out to a few endpoints. A benchmark, not a test: it prints figures and writes
 * bench/results/webhook-delivery.json; it fails only on errors, never on a missed goal.
 *
 *   npm run bench:webhooks       (BENCH_EVENTS, BENCH_CUSTOMERS, BENCH_ENDPOINTS, WEBHOOK_CONCURRENCY to vary it)
 *
 * Real and local: an embedded Postgres, the development broker, the built worker as its own
 * process (`node apps/webhooks/dist/main.js`), started by bench-subgraph as every bench starts its
 * app, and in this process the receivers (one local HTTP
 * server per endpoint, answering 204) and a producer that writes sales' events as sales' relay
 * does: the endpoints' `webhook-endpoint.registered`, then `customer.created` events.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CustomerCreated, WebhookEndpointRegistered, type EventContract, type PayloadOf } from '@crm/contracts';
import { createKafkaClient, toKafkaMessage } from '@crm/events';
import { createLogger } from '@crm/observability';
import { lastLines } from '@crm/stack';
import { arg, ROOT, round, startBenchSubgraph } from './bench-subgraph';

const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'webhook-delivery.json');
const EVENTS = arg('events', 5000);
const CUSTOMERS = arg('customers', 500);
const ENDPOINTS = arg('endpoints', 2);
// The worker's own setting's name, as an operator tunes it; --concurrency on the command line.
const CONCURRENCY = process.env.WEBHOOK_CONCURRENCY ?? String(arg('concurrency', 16));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function receiver(): Promise<{ server: Server; url: string; count: () => number }> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n += 1;
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, count: () => n };
}

async function main(): Promise<void> {
  const bench = await startBenchSubgraph('webhooks', {
    // The receivers are plain http on 127.0.0.1, which production refuses (https to public addresses only).
    env: { NODE_ENV: 'development', WEBHOOK_CONCURRENCY: CONCURRENCY, WEBHOOK_DISPATCH_INTERVAL_MS: '50' },
  });
  const receivers = await Promise.all(Array.from({ length: ENDPOINTS }, () => receiver()));
  const kafka = createKafkaClient({
    brokers: [bench.kafkaBrokers],
    clientId: 'bench-webhooks',
    logger: createLogger('bench-webhooks', 'warn'),
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  try {
    const worker = (await bench.serve()).process;

    await producer.connect();
    const send = async <C extends EventContract>(contract: C, payloads: PayloadOf<C>[]) => {
      for (let i = 0; i < payloads.length; i += 500)
        await producer.send({
          topic: contract.topic,
          acks: -1,
          messages: payloads.slice(i, i + 500).map((data) =>
            toKafkaMessage({
              id: randomUUID(),
              topic: contract.topic,
              type: contract.type,
              source: contract.source,
              subject: contract.subject(data),
              time: new Date(),
              data,
            }),
          ),
        });
    };
    const now = new Date().toISOString();
    await send(
      WebhookEndpointRegistered,
      receivers.map((r) => ({
        endpointId: randomUUID(),
        url: r.url,
        eventTypes: [CustomerCreated.type],
        enabled: true,
        registeredAt: now,
      })),
    );
    // The worker must know the endpoints before the backlog: events before an endpoint are not for it.
    await sleep(2000);

    const customers = Array.from({ length: CUSTOMERS }, () => randomUUID());
    const started = performance.now();
    await send(
      CustomerCreated,
      Array.from({ length: EVENTS }, (_, i) => ({
        customerId: customers[i % CUSTOMERS]!,
        name: `Bench ${i}`,
        kind: 'COMPANY' as const,
        createdAt: now,
      })),
    );
    const produced = performance.now() - started;
    const expected = EVENTS * ENDPOINTS;
    const total = () => receivers.reduce((n, r) => n + r.count(), 0);
    const deadline = Date.now() + 15 * 60_000;
    while (total() < expected) {
      if (Date.now() > deadline) throw new Error(`only ${total()} of ${expected} deliveries after 15 minutes`);
      if (worker.child.exitCode !== null) throw new Error(`the worker exited:\n${lastLines(worker.logFile)}`);
      await sleep(50);
    }
    const seconds = (performance.now() - started) / 1000;
    const results = {
      events: EVENTS,
      customers: CUSTOMERS,
      endpoints: ENDPOINTS,
      concurrency: Number(CONCURRENCY),
      deliveries: expected,
      producedInSeconds: round(produced / 1000, 2),
      seconds: round(seconds, 2),
      deliveriesPerSecond: round(expected / seconds),
      loadAverage: os.loadavg().map((l) => round(l, 2)),
      cpus: os.cpus().length,
    };
    console.log(JSON.stringify(results, null, 2));
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await producer.disconnect().catch(() => undefined);
    await Promise.all(receivers.map((r) => new Promise((resolve) => r.server.close(resolve))));
    await bench.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
