import { startOwnBroker, type OwnBroker } from '@crm/testing';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { rewindConsumerGroups } from '../src';

const TOPIC = 'crm.rewind.thing.v1';
const BACKUP = new Date('2026-06-01T12:00:00Z');
const at = (minutes: number) => String(BACKUP.getTime() + minutes * 60_000);

describe('rewindConsumerGroups (`main.js restored --since`, after a database is restored from a backup)', () => {
  let broker: OwnBroker;
  let kafka: Kafka;
  let admin: Admin;
  const committed = async (groupId: string) =>
    Object.fromEntries((await admin.fetchOffsets({ groupId, topics: [TOPIC] }))[0]!.partitions.map((p) => [p.partition, p.offset]));

  beforeAll(async () => {
    broker = await startOwnBroker();
    kafka = new Kafka({ clientId: 'rewind-spec', brokers: broker.brokers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }] });
    const producer = kafka.producer();
    await producer.connect();
    // Partition 0: one message from before the backup, two from after; partition 1: one from before.
    await producer.send({
      topic: TOPIC,
      messages: [
        { partition: 0, value: 'before', timestamp: at(-10) },
        { partition: 0, value: 'after', timestamp: at(5) },
        { partition: 0, value: 'later', timestamp: at(9) },
        { partition: 1, value: 'before', timestamp: at(-3) },
      ],
    });
    await producer.disconnect();
    // Every group read to the end, but one that still lags behind the backup's time.
    for (const groupId of ['svc-things', 'svc-things-replay-1', 'other-things', 'legacy-name']) {
      await admin.setOffsets({
        groupId,
        topic: TOPIC,
        partitions: [
          { partition: 0, offset: '3' },
          { partition: 1, offset: '1' },
        ],
      });
    }
    await admin.setOffsets({ groupId: 'svc-lagging', topic: TOPIC, partitions: [{ partition: 0, offset: '0' }] });
  }, 60_000);
  afterAll(async () => {
    await admin?.disconnect();
    await broker?.destroy();
  });

  it("moves the service's groups, and those its inbox names, back to the backup's time, never forward", async () => {
    const rewound = await rewindConsumerGroups(admin, 'svc', ['legacy-name'], BACKUP);
    expect(rewound.map((g) => [g.groupId, g.topics.length])).toEqual([
      ['legacy-name', 1],
      ['svc-lagging', 0],
      ['svc-things', 1],
    ]);
    // Partition 0 from its first message after the backup; partition 1 had none, so it stays at its end.
    expect(await committed('svc-things')).toEqual({ 0: '1', 1: '1' });
    expect(await committed('legacy-name')).toEqual({ 0: '1', 1: '1' });
    expect(await committed('svc-lagging')).toEqual({ 0: '0', 1: '-1' });
  }, 60_000);

  it("leaves other services' groups and a replay's alone", async () => {
    expect(await committed('other-things')).toEqual({ 0: '3', 1: '1' });
    expect(await committed('svc-things-replay-1')).toEqual({ 0: '3', 1: '1' });
  });

  it('refuses while a member of a group is running, as the service must be stopped first', async () => {
    const consumer = kafka.consumer({ groupId: 'svc-running', sessionTimeout: 6000 });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    let seen = 0;
    await consumer.run({ eachMessage: async () => void seen++ });
    try {
      while (seen < 4) await new Promise((r) => setTimeout(r, 50));
      await expect(rewindConsumerGroups(admin, 'svc', [], BACKUP)).rejects.toThrow('The consumer group must have no running instances');
    } finally {
      await consumer.disconnect();
    }
  }, 60_000);
});
