/**
 * Webhook delivery benchmark: how many signed deliveries a second the webhook worker makes, from
 * the first event on Kafka to the last delivery received, for a backlog of customer events fanned
 * out to a few endpoints. A benchmark, not a test: it prints figures and writes
 * bench/results/webhook-delivery.json; it fails only on errors, never on a missed goal.
 *
 *   npm run bench:webhooks       (BENCH_EVENTS, BENCH_CUSTOMERS, BENCH_ENDPOINTS, WEBHOOK_CONCURRENCY to vary it)
 *
 * Real and local: an embedded Postgres, the development broker, the built worker as its own
 * process (`node apps/webhooks/dist/main.js`), and in this process the receivers (one local HTTP
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
import { ensureServiceDatabase, startPostgres } from '@crm/embedded-postgres';
import { createKafkaClient, toKafkaMessage } from '@crm/events';
import { start as startBroker } from '@crm/kafka-dev-broker';
import { createLogger } from '@crm/observability';
import { WEBHOOK_WORKER } from '@crm/registry';
import { appEntry, freePort, lastLines, startNodeProcess, stopProcess, waitForHttp, type ManagedProcess } from '@crm/stack';

const ROOT = path.resolve(__dirname, '../..');
const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'webhook-delivery.json');
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 500);
const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS ?? 2);
const CONCURRENCY = process.env.WEBHOOK_CONCURRENCY ?? '16';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

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
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bench-webhooks-'));
  fs.chmodSync(scratch, 0o777); // Postgres runs as the `postgres` user when we are root
  const pg = await startPostgres({ dataDir: path.join(scratch, 'pg'), port: 0 });
  const broker = await startBroker({ port: await freePort() });
  const url = await ensureServiceDatabase(pg, {
    database: WEBHOOK_WORKER.database,
    user: WEBHOOK_WORKER.role,
    password: WEBHOOK_WORKER.role,
  });
  const receivers = await Promise.all(Array.from({ length: ENDPOINTS }, () => receiver()));
  const kafka = createKafkaClient({ brokers: broker.brokers, clientId: 'bench-webhooks', logger: createLogger('bench-webhooks', 'warn') });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  let worker: ManagedProcess | null = null;
  try {
    const port = await freePort();
    const env = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DATABASE_URL: url,
      KAFKA_BROKERS: broker.brokers.join(','),
      WEBHOOK_CONCURRENCY: CONCURRENCY,
      WEBHOOK_DISPATCH_INTERVAL_MS: '50',
    };
    const migrate = startNodeProcess('webhooks-migrate', appEntry(WEBHOOK_WORKER.app), ['migrate'], env, scratch);
    if ((await migrate.exited) !== 0) throw new Error(`migrations failed:\n${lastLines(migrate.logFile)}`);
    worker = startNodeProcess('webhooks', appEntry(WEBHOOK_WORKER.app), [], env, scratch);
    await waitForHttp(`http://127.0.0.1:${port}/health/ready`, worker);

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
    if (worker) await stopProcess(worker);
    await Promise.all(receivers.map((r) => new Promise((resolve) => r.server.close(resolve))));
    await broker.stop();
    await pg.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
