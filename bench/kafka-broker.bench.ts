/**
 * Throughput benchmark of the Kafka-protocol development broker (infra/kafka-dev-broker) driven by
 * kafkajs 2.2.4, the client the CRM's services use. A benchmark, not a test: it prints figures and
 * writes them to bench/results/kafka-broker.json, and fails only on errors, never on a missed goal.
 *
 * Goal (the issue's acceptance figure): the broker must never be what limits the CRM, i.e. at
 * least 20,000 messages/s produced and consumed, for 1 KB messages sent in batches of 100.
 *
 *   npm run bench:kafka                          # file-backed broker in a fresh temp dir (fsync off)
 *   npm run bench:kafka -- --in-memory           # in-memory broker
 *   npm run bench:kafka -- --messages 500000 --concurrency 2 --warmup 5000
 *   npm run bench:kafka -- --brokers 127.0.0.1:9092   # an already running broker (other process)
 *
 * The broker runs in this process by default, so its CPU time and kafkajs' share one event loop;
 * use --brokers with `node infra/kafka-dev-broker/dist/cli.js --port P --data-dir D` to split them.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, Partitioners, logLevel, type Message, type Producer } from 'kafkajs';
import { start, type RunningBroker } from '@crm/kafka-dev-broker';

const GOAL_MSGS_PER_SEC = 20_000;
const MESSAGE_BYTES = 1024;
const BATCH_SIZE = 100;
const PARTITIONS = 6;
const DISTINCT_KEYS = 1000;
const RESULTS_FILE = path.join(__dirname, '..', 'results', 'kafka-broker.json');

interface Options {
  messages: number;
  warmup: number;
  concurrency: number;
  inMemory: boolean;
  brokers: string[] | null;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '200000' },
      warmup: { type: 'string', default: '5000' },
      concurrency: { type: 'string', default: '4' },
      'in-memory': { type: 'boolean', default: false },
      brokers: { type: 'string' },
    },
  });
  const int = (name: string, v: string, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got "${v}"`);
    return n;
  };
  return {
    messages: int('messages', values.messages, BATCH_SIZE),
    warmup: int('warmup', values.warmup, 0),
    concurrency: int('concurrency', values.concurrency, 1),
    inMemory: values['in-memory'],
    brokers: values.brokers ? values.brokers.split(',') : null,
  };
}

/** 64 distinct 1 KB payloads of random bytes, reused round-robin: no compression, no allocation per send. */
const PAYLOADS = Array.from({ length: 64 }, () => randomBytes(MESSAGE_BYTES));
const KEYS = Array.from({ length: DISTINCT_KEYS }, (_, i) => `customer-${String(i).padStart(4, '0')}`);

function batchOf(batchIndex: number): Message[] {
  const messages = new Array<Message>(BATCH_SIZE);
  for (let i = 0; i < BATCH_SIZE; i++) {
    const n = batchIndex * BATCH_SIZE + i;
    messages[i] = { key: KEYS[n % DISTINCT_KEYS]!, value: PAYLOADS[n % PAYLOADS.length]! };
  }
  return messages;
}

const elapsedMs = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e6;

function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sortedMs.length); // nearest-rank
  return sortedMs[Math.min(sortedMs.length, Math.max(1, rank)) - 1]!;
}

/**
 * Sends `batches` batches of 100 from `producers.length` relays. Each producer stands for one
 * service's outbox relay: it sends one batch, waits for acks=-1, then sends the next, so a relay
 * never has more than one request in flight (kafkajs' idempotent producer takes a per-broker lock
 * around each Produce request anyway, so extra concurrent `send` calls on one producer would only
 * queue behind it). Concurrency therefore means several relays — several producer ids, several
 * connections — publishing at once, which is how the CRM's services load the broker.
 */
async function produce(
  producers: Producer[],
  topic: string,
  firstBatch: number,
  batches: number,
  latenciesMs: number[] | null,
): Promise<number> {
  let next = firstBatch;
  const end = firstBatch + batches;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    producers.map(async (producer) => {
      while (next < end) {
        const messages = batchOf(next++);
        const sent = process.hrtime.bigint();
        await producer.send({ topic, acks: -1, messages });
        latenciesMs?.push(elapsedMs(sent));
      }
    }),
  );
  return elapsedMs(t0);
}

async function main(): Promise<void> {
  const opts = parseOptions();
  const batches = Math.floor(opts.messages / BATCH_SIZE);
  const warmupBatches = Math.ceil(opts.warmup / BATCH_SIZE);
  const measured = batches * BATCH_SIZE;
  const mode = opts.brokers ? `external broker ${opts.brokers.join(',')}` : opts.inMemory ? 'in-memory' : 'file-backed (fsync off)';

  let dataDir: string | null = null;
  let broker: RunningBroker | null = null;
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const fn of cleanups.reverse()) await fn().catch((e: unknown) => console.error(`cleanup: ${(e as Error).message}`));
    cleanups.length = 0;
    if (broker) await broker.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    if (!opts.brokers) {
      dataDir = opts.inMemory ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-bench-'));
      broker = await start({ port: 0, dataDir });
    }
    const brokers = opts.brokers ?? broker!.brokers;
    const kafka = new Kafka({ clientId: 'kafka-broker-bench', brokers, logLevel: logLevel.NOTHING });
    const topic = `bench-${Date.now()}`;

    const admin = kafka.admin();
    await admin.connect();
    cleanups.push(() => admin.disconnect());
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });

    const producers = Array.from({ length: opts.concurrency }, () =>
      kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner }),
    );
    for (const p of producers) {
      await p.connect();
      cleanups.push(() => p.disconnect());
    }

    console.log(
      `kafka-dev-broker benchmark: ${mode}, ${measured} x ${MESSAGE_BYTES} B messages in sends of ${BATCH_SIZE}, ` +
        `${opts.concurrency} idempotent producer(s), ${PARTITIONS} partitions; warm-up ${warmupBatches * BATCH_SIZE} messages...`,
    );
    await produce(producers, topic, 0, warmupBatches, null);

    const latenciesMs: number[] = [];
    const produceMs = await produce(producers, topic, warmupBatches, batches, latenciesMs);
    latenciesMs.sort((a, b) => a - b);

    // Consume everything in the topic (warm-up included) with one consumer group member.
    const expected = (warmupBatches + batches) * BATCH_SIZE;
    const consumer = kafka.consumer({ groupId: `${topic}-group` });
    await consumer.connect();
    cleanups.push(() => consumer.disconnect());
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let consumed = 0;
    let firstBatchAt: bigint | null = null;
    const runAt = process.hrtime.bigint();
    let consumeMs = 0;
    let joinMs = 0;
    // The clock starts when the first Fetch is sent (once the group is joined), slightly earlier
    // than the first eachBatch: the first response's broker read and kafkajs decode count too.
    let firstFetchAt: bigint | null = null;
    consumer.on(consumer.events.FETCH_START, () => {
      firstFetchAt ??= process.hrtime.bigint();
    });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.CRASH, (e) => reject(e.payload.error));
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            if (firstBatchAt === null) {
              firstBatchAt = process.hrtime.bigint();
              firstFetchAt ??= firstBatchAt;
              joinMs = Number(firstFetchAt - runAt) / 1e6;
            }
            consumed += batch.messages.length;
            if (consumed >= expected && consumeMs === 0) {
              consumeMs = elapsedMs(firstFetchAt!);
              resolve();
            }
          },
        })
        .catch(reject);
    });

    const produceRate = measured / (produceMs / 1000);
    const consumeRate = consumed / (consumeMs / 1000);
    const cpus = os.cpus();
    const results = {
      date: new Date().toISOString(),
      machine: {
        cpuModel: cpus[0]?.model ?? 'unknown',
        cpus: cpus.length,
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      mode,
      partitions: PARTITIONS,
      messageBytes: MESSAGE_BYTES,
      batchSize: BATCH_SIZE,
      producers: opts.concurrency,
      warmupMessages: warmupBatches * BATCH_SIZE,
      produce: {
        messages: measured,
        seconds: produceMs / 1000,
        msgsPerSec: Math.round(produceRate),
        mbPerSec: +((produceRate * MESSAGE_BYTES) / 1e6).toFixed(2),
        sendLatencyMs: {
          p50: +percentile(latenciesMs, 50).toFixed(2),
          p99: +percentile(latenciesMs, 99).toFixed(2),
          max: +latenciesMs.at(-1)!.toFixed(2),
        },
        meetsGoal: produceRate >= GOAL_MSGS_PER_SEC,
      },
      consume: {
        messages: consumed,
        seconds: consumeMs / 1000,
        msgsPerSec: Math.round(consumeRate),
        mbPerSec: +((consumeRate * MESSAGE_BYTES) / 1e6).toFixed(2),
        groupJoinMs: Math.round(joinMs),
        meetsGoal: consumeRate >= GOAL_MSGS_PER_SEC,
      },
      goalMsgsPerSec: GOAL_MSGS_PER_SEC,
    };

    const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
    const verdict = (ok: boolean): string =>
      ok ? `meets the ${fmt(GOAL_MSGS_PER_SEC)} msgs/s goal` : `BELOW the ${fmt(GOAL_MSGS_PER_SEC)} msgs/s goal`;
    console.log(
      [
        '',
        'kafka-dev-broker benchmark',
        `  machine        ${results.machine.cpuModel} x ${results.machine.cpus}, node ${results.machine.node}, ${results.machine.platform}`,
        `  mode           ${mode}, broker ${opts.brokers ? 'in another process' : 'in this process'}`,
        `  workload       ${fmt(measured)} messages of ${MESSAGE_BYTES} B (+${fmt(results.warmupMessages)} warm-up), sends of ${BATCH_SIZE}, ` +
          `acks=-1, idempotent, ${opts.concurrency} producer(s), ${PARTITIONS} partitions, ${DISTINCT_KEYS} keys`,
        `  produce        ${fmt(produceRate)} msgs/s, ${results.produce.mbPerSec} MB/s (${results.produce.seconds.toFixed(2)} s) — ${verdict(results.produce.meetsGoal)}`,
        `  send latency   p50 ${results.produce.sendLatencyMs.p50} ms, p99 ${results.produce.sendLatencyMs.p99} ms, max ${results.produce.sendLatencyMs.max} ms (per send of ${BATCH_SIZE})`,
        `  consume        ${fmt(consumeRate)} msgs/s, ${results.consume.mbPerSec} MB/s (${fmt(consumed)} messages in ${results.consume.seconds.toFixed(2)} s, ` +
          `group join ${results.consume.groupJoinMs} ms) — ${verdict(results.consume.meetsGoal)}`,
        '',
      ].join('\n'),
    );
    fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    fs.writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2) + '\n');
    console.log(`results written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
  } finally {
    await cleanup();
  }
}

main().catch((e: unknown) => {
  console.error(`kafka-broker bench failed: ${(e as Error).stack ?? String(e)}`);
  process.exitCode = 1;
});
