import type { Consumer, Kafka } from 'kafkajs';
import { start, type RunningBroker } from '../src';
import { createTopic, kafka, producerConfig, waitFor } from './support';

const TOPIC = 'tickets';
const PARTITIONS = [0, 1, 2, 3, 4, 5];

interface Member {
  name: string;
  consumer: Consumer;
  /** The partitions of the latest assignment this member received. */
  assignment: number[];
}

describe('consumer groups through kafkajs', () => {
  let broker: RunningBroker;
  let client: Kafka;
  const received: { member: string; partition: number; offset: number; value: string }[] = [];
  let produced: string[] = [];

  beforeAll(async () => {
    broker = await start({ port: 0 });
    client = kafka(broker.brokers);
    await createTopic(client, TOPIC, 6);
  });

  afterAll(() => broker.stop());

  async function member(name: string): Promise<Member> {
    const consumer = client.consumer({
      groupId: 'support',
      sessionTimeout: 6000,
      rebalanceTimeout: 10_000,
      heartbeatInterval: 200,
      maxWaitTimeInMs: 100,
    });
    const m: Member = { name, consumer, assignment: [] };
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      m.assignment = [...(e.payload.memberAssignment[TOPIC] ?? [])].sort();
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({ member: name, partition, offset: Number(message.offset), value: message.value!.toString() });
      },
    });
    return m;
  }

  async function produce(prefix: string, count: number): Promise<void> {
    const producer = client.producer(producerConfig({ idempotent: true, maxInFlightRequests: 1 }));
    await producer.connect();
    const values = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
    for (let i = 0; i < count; i += 100) {
      await producer.send({ topic: TOPIC, acks: -1, messages: values.slice(i, i + 100).map((value, j) => ({ key: `k${i + j}`, value })) });
    }
    await producer.disconnect();
    produced = produced.concat(values);
  }

  /** Every partition owned by exactly one of `members`. */
  const partitionedAmong = (members: Member[]) => () => {
    const owned = members.flatMap((m) => m.assignment).sort();
    return JSON.stringify(owned) === JSON.stringify(PARTITIONS) && members.every((m) => m.assignment.length > 0);
  };

  const allReceived = () => {
    const seen = new Set(received.map((r) => r.value));
    return produced.every((v) => seen.has(v));
  };

  /** No offset skipped: per partition, what was received covers 0..n-1 with nothing missing. */
  function expectNoGaps(): void {
    for (const p of PARTITIONS) {
      const offsets = [...new Set(received.filter((r) => r.partition === p).map((r) => r.offset))].sort((a, b) => a - b);
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }
  }

  it('gives each partition to exactly one of 3 members, moves a leaver’s partitions to the survivors, and resumes at committed offsets', async () => {
    const members = await Promise.all(['a', 'b', 'c'].map(member));
    await waitFor(partitionedAmong(members), 'three members sharing six partitions');
    expect(members.map((m) => m.assignment.length)).toEqual([2, 2, 2]);

    await produce('before', 600);
    await waitFor(allReceived, 'messages produced before the leave');
    const leaver = members.pop()!;
    const leaverPartitions = leaver.assignment;
    await leaver.consumer.disconnect();

    await waitFor(partitionedAmong(members), 'two survivors sharing six partitions');
    for (const p of leaverPartitions) expect(members.some((m) => m.assignment.includes(p))).toBe(true);
    await produce('after', 600);
    await waitFor(allReceived, 'messages produced after the leave');
    expect(received.filter((r) => r.value.startsWith('after-') && r.member === 'c')).toEqual([]);
    expectNoGaps();

    // Stop everyone (kafkajs commits on the way out), produce more, start fresh members.
    await Promise.all(members.map((m) => m.consumer.disconnect()));
    const countBefore = received.length;
    await produce('while-down', 300);
    const restarted = await Promise.all(['d', 'e'].map(member));
    await waitFor(allReceived, 'messages produced while the group was down');
    const afterRestart = received.slice(countBefore);
    // fromBeginning only applies without a committed offset: nothing already consumed comes back.
    expect(afterRestart.every((r) => r.value.startsWith('while-down-'))).toBe(true);
    expect(afterRestart).toHaveLength(300);
    expectNoGaps();
    await Promise.all(restarted.map((m) => m.consumer.disconnect()));
  });

  it('expires a member that stops heartbeating and gives its partitions to the others', async () => {
    await createTopic(client, 'stuck', 4);
    const assignments = new Map<string, number[]>();
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const consumers = ['healthy', 'stuck'].map((name) => {
      const consumer = client.consumer({
        groupId: 'expiry',
        sessionTimeout: 2000,
        rebalanceTimeout: 4000,
        heartbeatInterval: 200,
        maxWaitTimeInMs: 100,
      });
      consumer.on(consumer.events.GROUP_JOIN, (e) => assignments.set(name, [...(e.payload.memberAssignment['stuck'] ?? [])].sort()));
      return { name, consumer };
    });
    for (const { name, consumer } of consumers) {
      await consumer.connect();
      await consumer.subscribe({ topic: 'stuck', fromBeginning: true });
      // kafkajs heartbeats between messages, so a handler that never returns misses its session timeout.
      await consumer.run({ eachMessage: async () => (name === 'stuck' ? blocked : undefined) });
    }
    await waitFor(
      () => (assignments.get('healthy')?.length ?? 0) === 2 && (assignments.get('stuck')?.length ?? 0) === 2,
      'both members assigned',
    );
    const producer = client.producer(producerConfig());
    await producer.connect();
    await producer.send({ topic: 'stuck', messages: [0, 1, 2, 3].map((partition) => ({ partition, value: 'work' })) });
    await producer.disconnect();
    await waitFor(
      () => JSON.stringify(assignments.get('healthy')) === JSON.stringify([0, 1, 2, 3]),
      'the healthy member owning every partition',
      20_000,
    );
    release();
    await Promise.all(consumers.map((c) => c.consumer.disconnect()));
  });
});
