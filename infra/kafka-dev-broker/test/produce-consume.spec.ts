import { CompressionTypes } from 'kafkajs';
import { start, type RunningBroker } from '../src';
import { createTopic, kafka, producerConfig, waitFor } from './support';

describe('producing and consuming through kafkajs', () => {
  let broker: RunningBroker;

  beforeAll(async () => {
    broker = await start({ port: 0 });
  });

  afterAll(() => broker.stop());

  it('delivers 100,000 keyed messages from an idempotent acks=-1 producer to a group exactly, in order per partition', async () => {
    const client = kafka(broker.brokers);
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 6 }] });

    const total = 100_000;
    const keys = 500;
    const producer = client.producer(producerConfig({ idempotent: true, maxInFlightRequests: 1 }));
    await producer.connect();
    const sentSeq = new Array<number>(keys).fill(0);
    for (let sent = 0; sent < total;) {
      const messages = [];
      for (let i = 0; i < 1000; i++, sent++) {
        const k = sent % keys;
        messages.push({ key: `customer-${k}`, value: `${k}:${sentSeq[k]!++}` });
      }
      await producer.send({ topic: 'orders', acks: -1, messages });
    }
    await producer.disconnect();

    const offsets = await admin.fetchTopicOffsets('orders');
    expect(offsets.reduce((n, o) => n + Number(o.high), 0)).toBe(total);

    const received: { partition: number; offset: number; key: string; value: string }[] = [];
    const consumer = client.consumer({ groupId: 'orders-reader', maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'orders', fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          received.push({ partition: batch.partition, offset: Number(m.offset), key: m.key!.toString(), value: m.value!.toString() });
        }
      },
    });
    await waitFor(() => received.length >= total, 'all messages consumed', 60_000);
    await consumer.disconnect();
    await admin.disconnect();

    expect(received).toHaveLength(total);
    const partitionOfKey = new Map<string, number>();
    const lastOffset = new Map<number, number>();
    const lastSeqOfKey = new Map<string, number>();
    for (const m of received) {
      expect(partitionOfKey.get(m.key) ?? m.partition).toBe(m.partition);
      partitionOfKey.set(m.key, m.partition);
      expect(m.offset).toBe((lastOffset.get(m.partition) ?? -1) + 1);
      lastOffset.set(m.partition, m.offset);
      const seq = Number(m.value.split(':')[1]);
      expect(seq).toBe((lastSeqOfKey.get(m.key) ?? -1) + 1);
      lastSeqOfKey.set(m.key, seq);
    }
    expect(partitionOfKey.size).toBe(keys);
    expect(new Set(partitionOfKey.values()).size).toBe(6);
  });

  it('passes gzip-compressed batches through untouched', async () => {
    const client = kafka(broker.brokers);
    await createTopic(client, 'compressed', 1);
    const producer = client.producer(producerConfig());
    await producer.connect();
    const values = Array.from({ length: 50 }, (_, i) => `payload ${i} `.repeat(20));
    await producer.send({ topic: 'compressed', compression: CompressionTypes.GZIP, messages: values.map((value) => ({ value })) });
    await producer.disconnect();

    const got: string[] = [];
    const consumer = client.consumer({ groupId: 'compressed-reader', maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'compressed', fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void got.push(message.value!.toString()) });
    await waitFor(() => got.length >= values.length, 'compressed messages');
    await consumer.disconnect();
    expect(got).toEqual(values);
  });
});
