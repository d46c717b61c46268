import type { Admin } from 'kafkajs';
import { start, type RunningBroker } from '../src';
import { ApiKey } from '../src/protocol/api-keys';
import { ErrorCode } from '../src/protocol/errors';
import { Writer } from '../src/protocol/writer';
import { kafka, producerConfig, RawClient } from './support';

describe('admin operations through kafkajs', () => {
  let broker: RunningBroker;
  let admin: Admin;

  beforeAll(async () => {
    broker = await start({ port: 0 });
    admin = kafka(broker.brokers).admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
    await broker.stop();
  });

  it('creates a 6-partition topic, lists it, describes it and fetches its offsets', async () => {
    await expect(admin.createTopics({ topics: [{ topic: 'crm.sales.customer.v1', numPartitions: 6 }] })).resolves.toBe(true);

    expect(await admin.listTopics()).toContain('crm.sales.customer.v1');

    const { topics } = await admin.fetchTopicMetadata({ topics: ['crm.sales.customer.v1'] });
    expect(topics).toHaveLength(1);
    expect(topics[0]!.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const p of topics[0]!.partitions) {
      expect(p).toMatchObject({ partitionErrorCode: 0, leader: 0, replicas: [0], isr: [0] });
    }

    const offsets = await admin.fetchTopicOffsets('crm.sales.customer.v1');
    expect(offsets).toHaveLength(6);
    for (const o of offsets) expect(o).toMatchObject({ low: '0', high: '0', offset: '0' });
  });

  it('answers TOPIC_ALREADY_EXISTS when the topic is created again', async () => {
    await admin.createTopics({ topics: [{ topic: 'twice', numPartitions: 2 }] });
    // kafkajs turns TOPIC_ALREADY_EXISTS into `false`; the raw answer shows the code itself.
    await expect(admin.createTopics({ topics: [{ topic: 'twice', numPartitions: 2 }] })).resolves.toBe(false);

    const raw = await RawClient.connect(broker.port);
    const body = new Writer()
      .array(['twice'], (w, name) =>
        w
          .string(name)
          .int32(2)
          .int16(1)
          .array([], () => undefined)
          .array([], () => undefined),
      )
      .int32(1000)
      .bool(false);
    const r = await raw.request(ApiKey.CreateTopics, 3, body);
    r.int32();
    const [res] = r.array((t) => ({ name: t.string(), error: t.int16(), message: t.nullableString() }));
    raw.close();
    expect(res).toEqual({ name: 'twice', error: ErrorCode.TOPIC_ALREADY_EXISTS, message: "topic 'twice' already exists" });
    const { topics } = await admin.fetchTopicMetadata({ topics: ['twice'] });
    expect(topics[0]!.partitions).toHaveLength(2);
  });

  it.each([
    ['an illegal character', { topic: 'bad name!', numPartitions: 1 }, 'INVALID_TOPIC_EXCEPTION'],
    ['a 250-character name', { topic: 'a'.repeat(250), numPartitions: 1 }, 'INVALID_TOPIC_EXCEPTION'],
    ['zero partitions', { topic: 'zero-partitions', numPartitions: 0 }, 'INVALID_PARTITIONS'],
    ['three replicas on one broker', { topic: 'three-replicas', numPartitions: 1, replicationFactor: 3 }, 'INVALID_REPLICATION_FACTOR'],
  ])('refuses a topic with %s', async (_case, topic, type) => {
    const err = await admin.createTopics({ topics: [topic] }).catch((e: { errors?: { type: string }[] }) => e);
    expect((err as { errors: { type: string }[] }).errors.map((e) => e.type)).toEqual([type]);
    expect(await admin.listTopics()).not.toContain(topic.topic);
  });

  it('validates without creating when asked to', async () => {
    await admin.createTopics({ topics: [{ topic: 'only-validated', numPartitions: 3 }], validateOnly: true, waitForLeaders: false });
    expect(await admin.listTopics()).not.toContain('only-validated');
  });

  it('deletes topics, and says so when the topic does not exist', async () => {
    await admin.createTopics({ topics: [{ topic: 'short-lived', numPartitions: 1 }] });
    await admin.deleteTopics({ topics: ['short-lived'] });
    expect(await admin.listTopics()).not.toContain('short-lived');
    // kafkajs retries UNKNOWN_TOPIC_OR_PARTITION, then gives up with the broker's error as the cause.
    const err = await kafka(broker.brokers, { retry: { retries: 1, initialRetryTime: 50 } })
      .admin()
      .deleteTopics({ topics: ['short-lived'] })
      .catch((e: Error) => e);
    expect((err as Error & { cause: { type: string } }).cause.type).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('finds offsets by timestamp', async () => {
    await admin.createTopics({ topics: [{ topic: 'timed', numPartitions: 1 }] });
    const producer = kafka(broker.brokers).producer(producerConfig());
    await producer.connect();
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 5; i++) {
      // Two batches, timestamps inside each batch increasing: t0, t0+1000, ... t0+9000.
      await producer.send({
        topic: 'timed',
        messages: [0, 1].map((j) => ({ value: `m${i * 2 + j}`, timestamp: String(t0 + (i * 2 + j) * 1000) })),
      });
    }
    await producer.disconnect();
    const at = (ts: number) => admin.fetchTopicOffsetsByTimestamp('timed', ts).then((o) => o[0]!.offset);
    expect(await at(t0 - 1)).toBe('0');
    expect(await at(t0 + 2500)).toBe('3'); // inside the second batch
    expect(await at(t0 + 3000)).toBe('3');
    expect(await at(t0 + 9000)).toBe('9');
    expect(await at(t0 + 10_000)).toBe('10'); // after the last record: kafkajs falls back to the high watermark
  });

  it('lists, describes and deletes consumer groups', async () => {
    await admin.createTopics({ topics: [{ topic: 'grouped', numPartitions: 2 }] });
    await admin.setOffsets({ groupId: 'reporting', topic: 'grouped', partitions: [{ partition: 0, offset: '7' }] });
    expect((await admin.listGroups()).groups).toContainEqual({ groupId: 'reporting', protocolType: 'consumer' });
    const offsets = await admin.fetchOffsets({ groupId: 'reporting', topics: ['grouped'] });
    expect(offsets[0]!.partitions.find((p) => p.partition === 0)!.offset).toBe('7');
    const { groups } = await admin.describeGroups(['reporting', 'never-seen']);
    expect(groups.map((g) => [g.groupId, g.state])).toEqual([
      ['reporting', 'Empty'],
      ['never-seen', 'Dead'],
    ]);
    await admin.deleteGroups(['reporting']);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain('reporting');
    const refused = await admin.deleteGroups(['reporting']).catch((e: { groups?: { errorCode: number }[] }) => e);
    expect((refused as { groups: { errorCode: number }[] }).groups[0]!.errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
  });
});
