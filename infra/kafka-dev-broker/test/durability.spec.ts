import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort } from '@crm/embedded-postgres';
import type { Kafka } from 'kafkajs';
import { start, type RunningBroker } from '../src';
import { createTopic, kafka, producerConfig, tempDir, waitFor } from './support';

const PACKAGE_DIR = path.resolve(__dirname, '..');

/** A client patient enough to ride out a broker restart. */
const patient = (brokers: string[]): Kafka => kafka(brokers, { retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 } });

interface Seen {
  partition: number;
  offset: number;
  value: string;
}

async function runConsumer(client: Kafka, groupId: string, topic: string, seen: Seen[]) {
  const consumer = client.consumer({
    groupId,
    maxWaitTimeInMs: 100,
    heartbeatInterval: 300,
    sessionTimeout: 10_000,
    retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) =>
      void seen.push({ partition, offset: Number(message.offset), value: message.value!.toString() }),
  });
  return consumer;
}

/** Sends `count` batches of 50, one after another; returns the values each acknowledged send carried. */
async function produceBatches(
  client: Kafka,
  topic: string,
  prefix: string,
  count: number,
  afterEach?: (i: number) => Promise<void>,
): Promise<string[]> {
  const producer = client.producer(
    producerConfig({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 } }),
  );
  await producer.connect();
  const acked: string[] = [];
  for (let i = 0; i < count; i++) {
    const values = Array.from({ length: 50 }, (_, j) => `${prefix}-${i}-${j}`);
    await producer.send({ topic, acks: -1, messages: values.map((value, j) => ({ key: `key-${j % 7}`, value })) });
    acked.push(...values);
    await afterEach?.(i);
  }
  await producer.disconnect();
  return acked;
}

async function highWatermarks(client: Kafka, topic: string): Promise<number> {
  const admin = client.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  return offsets.reduce((n, o) => n + Number(o.high), 0);
}

function expectContiguous(seen: Seen[]): void {
  const byPartition = new Map<number, Set<number>>();
  for (const s of seen) byPartition.set(s.partition, (byPartition.get(s.partition) ?? new Set()).add(s.offset));
  for (const offsets of byPartition.values()) {
    const sorted = [...offsets].sort((a, b) => a - b);
    expect(sorted).toEqual(sorted.map((_, i) => i));
  }
}

describe('durability across broker restarts', () => {
  it('keeps every acknowledged message and committed offset across an in-process stop and start', async () => {
    const dataDir = tempDir();
    let broker: RunningBroker = await start({ port: 0, dataDir });
    const port = broker.port;
    const client = patient(broker.brokers);
    await createTopic(client, 'ledger', 3);

    const seen: Seen[] = [];
    const consumer = await runConsumer(client, 'ledger-reader', 'ledger', seen);
    const acked = await produceBatches(client, 'ledger', 'ledger', 40, async (i) => {
      if (i !== 19) return;
      await waitFor(() => seen.length > 0, 'the consumer to start');
      await broker.stop();
      broker = await start({ port, dataDir });
    });

    // The consumer was never restarted by the test: it rejoined and carried on by itself.
    await waitFor(() => new Set(seen.map((s) => s.value)).size === acked.length, 'every acknowledged message consumed');
    await consumer.disconnect();
    expect(await highWatermarks(client, 'ledger')).toBe(acked.length); // retried batches were not appended twice
    expectContiguous(seen);

    await broker.stop();
    broker = await start({ port, dataDir });
    const committed = await (async () => {
      const a = client.admin();
      await a.connect();
      const res = await a.fetchOffsets({ groupId: 'ledger-reader', topics: ['ledger'] });
      await a.disconnect();
      return res[0]!.partitions.reduce((n, p) => n + Number(p.offset), 0);
    })();
    expect(committed).toBe(acked.length);
    await broker.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe('as a separate process killed with SIGKILL', () => {
    let child: ChildProcess | null = null;
    let spawned = 0;

    beforeAll(() => {
      // The command runs the compiled broker; build it if the sources moved on.
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', path.join(PACKAGE_DIR, 'tsconfig.build.json')], {
        stdio: 'inherit',
      });
    });

    afterEach(() => {
      child?.kill('SIGKILL');
      child = null;
    });

    async function spawnBroker(port: number, dataDir: string): Promise<ChildProcess> {
      spawned++;
      const proc = spawn(process.execPath, [path.join(PACKAGE_DIR, 'dist/cli.js'), '--port', String(port), '--data-dir', dataDir], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
      proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
      await waitFor(() => output.includes('listening on') || proc.exitCode !== null, 'the broker process to listen', 20_000);
      if (proc.exitCode !== null) throw new Error(`broker process exited: ${output}`);
      return proc;
    }

    it('loses no acknowledged message, and producers and consumers carry on by themselves', async () => {
      const dataDir = tempDir();
      const port = await freePort();
      child = await spawnBroker(port, dataDir);
      const client = patient([`127.0.0.1:${port}`]);
      await createTopic(client, 'payments', 4);

      const seen: Seen[] = [];
      const consumer = await runConsumer(client, 'payments-reader', 'payments', seen);
      const acked = await produceBatches(client, 'payments', 'pay', 60, async (i) => {
        if (i !== 29) return;
        await waitFor(() => seen.length > 0, 'the consumer to start');
        // Killed on a timer, so the kill lands while later sends are in flight, possibly mid-write.
        const victim = child!;
        setTimeout(() => {
          victim.once('exit', () => setTimeout(() => void spawnBroker(port, dataDir).then((p) => (child = p)), 500));
          victim.kill('SIGKILL');
        }, 3);
      });

      await waitFor(() => new Set(seen.map((s) => s.value)).size === acked.length, 'every acknowledged message consumed', 60_000);
      await consumer.disconnect();
      expect(spawned).toBe(2);
      expect(await highWatermarks(client, 'payments')).toBe(acked.length);
      expectContiguous(seen);

      // A fresh group reads everything back from the log files.
      const replay: Seen[] = [];
      const reader = await runConsumer(client, 'auditor', 'payments', replay);
      await waitFor(() => replay.length >= acked.length, 'the replay');
      await reader.disconnect();
      expect(replay.map((s) => s.value).sort()).toEqual([...acked].sort());
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
  });
});
