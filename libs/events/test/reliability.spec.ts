import { SYSTEM_IDENTITY } from '@crm/auth';
import { randomUUID } from 'node:crypto';
import { deadLetterTopic } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { Metrics, ReadinessRegistry } from '@crm/observability';
import { eventually, testKafkaBrokers, uniqueTopicPrefix, type TestDatabase } from '@crm/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { DataSource } from 'typeorm';
import { EventConsumerRunner, EventPublisher, on, toKafkaMessage } from '../src';
import { noteAdded, startNotesApp } from './notes-app';

const prefix = uniqueTopicPrefix();
const NoteAdded = noteAdded(`${prefix}.notes.v1`);
const CUSTOMER = randomUUID();
const MAX_ATTEMPTS = 3;

const text = (h: IHeaders | undefined, name: string) => h?.[name]?.toString();

describe('events: NOTIFY-woken relay, dead letters, lag and backlog metrics', () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  const attempts = new Map<string, number>();
  const kafka = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  const dead: { key: string | null; value: string | null; headers: IHeaders | undefined }[] = [];
  const dlqConsumer = kafka.consumer({ groupId: `${prefix}-dlq-reader` });

  beforeAll(async () => {
    ({ app, db } = await startNotesApp({
      name: 'reliability-spec',
      events: {
        brokers: testKafkaBrokers(),
        produces: [{ name: NoteAdded.topic, partitions: 3 }],
        consumes: [{ name: NoteAdded.topic, partitions: 3 }],
        // Far longer than any wait below: only the outbox trigger's NOTIFY can wake the relay in time.
        pollMs: 600_000,
        maxAttempts: MAX_ATTEMPTS,
        retryBackoffMs: 10,
        outboxRetentionMs: 1,
      },
      subscribe: (runner) =>
        runner.subscribe(`${prefix}-notes`, [
          on(NoteAdded, async (event, tx) => {
            const { text: t } = event.data;
            attempts.set(t, (attempts.get(t) ?? 0) + 1);
            if (t === 'poison') throw new Error('this note cannot be applied');
            await tx.manager.query('INSERT INTO note (text) VALUES ($1)', [t]);
          }),
        ]),
    }));
    await dlqConsumer.connect();
    await dlqConsumer.subscribe({ topic: deadLetterTopic(NoteAdded.topic), fromBeginning: true });
    await dlqConsumer.run({
      eachMessage: async ({ message }) =>
        void dead.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers: message.headers }),
    });
  });

  afterAll(async () => {
    await dlqConsumer.disconnect();
    await app?.close();
    await db?.drop();
  });

  const sql = <R>(q: string, params: unknown[] = []) => app.get(DataSource).query<R[]>(q, params);
  const notes = async () => (await sql<{ text: string }>('SELECT text FROM note')).map((r) => r.text);
  const write = (t: string) =>
    app.get(UnitOfWork).run(SYSTEM_IDENTITY, (tx) => app.get(EventPublisher).publish(tx, NoteAdded, { customerId: CUSTOMER, text: t }));

  it('wakes the relay on commit, not at its next poll, and prunes published rows after the retention', async () => {
    await write('first');
    await eventually(async () => expect(await notes()).toContain('first'));
    await eventually(async () => expect(await sql('SELECT id FROM outbox')).toEqual([]));
  });

  it('gets its LISTEN connection back after the database drops it, and NOTIFY wakes it again', async () => {
    const listeners = async () =>
      (await sql<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'reliability-spec-relay'")).map((r) => r.pid);
    const [before] = await eventually(async () => {
      const pids = await listeners();
      expect(pids).toHaveLength(1);
      return pids;
    });
    await sql('SELECT pg_terminate_backend($1)', [before]);
    // Written while nobody listens: the relay publishes it when it listens again, not at its 10-minute poll.
    await write('while-deaf');
    await eventually(async () => {
      const pids = await listeners();
      expect(pids).toHaveLength(1);
      expect(pids).not.toContain(before);
    });
    await eventually(async () => expect(await notes()).toContain('while-deaf'));
    await write('heard-again');
    await eventually(async () => expect(await notes()).toContain('heard-again'));
  });

  it('retries a failing event the configured number of times, dead-letters it, and keeps the events behind it flowing', async () => {
    const poisonId = await write('poison');
    for (let i = 0; i < 20; i++) await write(`after-${i}`);

    await eventually(async () => expect(await notes()).toEqual(expect.arrayContaining(Array.from({ length: 20 }, (_, i) => `after-${i}`))));
    expect(await notes()).not.toContain('poison');
    // The batch's attempt, then MAX_ATTEMPTS one by one.
    expect(attempts.get('poison')).toBe(1 + MAX_ATTEMPTS);
    const parked = await eventually(async () => {
      const found = dead.find((d) => text(d.headers, 'ce_id') === poisonId);
      if (!found) throw new Error('not dead-lettered yet');
      return found;
    });
    expect(parked.key).toBe(CUSTOMER);
    expect(JSON.parse(parked.value!)).toEqual({ customerId: CUSTOMER, text: 'poison' });
    expect(text(parked.headers, 'ce_type')).toBe(NoteAdded.type);
    expect(text(parked.headers, 'dlq_reason')).toBe('handler failed: this note cannot be applied');
    expect(text(parked.headers, 'dlq_attempts')).toBe(String(MAX_ATTEMPTS));
    expect(text(parked.headers, 'dlq_group')).toBe(`${prefix}-notes`);
    await eventually(async () => expect(await app.get(EventConsumerRunner).lag()).toBe(0));
  });

  it('dead-letters a message that is not a CloudEvent and a payload that breaks its contract, at once, and stays up', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const badId = randomUUID();
    const invalid = toKafkaMessage({
      id: badId,
      topic: NoteAdded.topic,
      type: NoteAdded.type,
      source: 'test',
      subject: CUSTOMER,
      time: new Date(),
      data: { customerId: CUSTOMER, text: 42 },
    });
    await producer.send({
      topic: NoteAdded.topic,
      acks: -1,
      messages: [{ key: CUSTOMER, value: 'not json {', headers: { source: 'somebody' } }, invalid],
    });
    await producer.disconnect();
    await write('still-flowing');

    await eventually(async () => expect(await notes()).toContain('still-flowing'));
    const malformed = await eventually(async () => {
      const found = dead.find((d) => d.value === 'not json {');
      if (!found) throw new Error('not dead-lettered yet');
      return found;
    });
    expect(text(malformed.headers, 'dlq_reason')).toBe('malformed: missing header ce_specversion');
    expect(text(malformed.headers, 'source')).toBe('somebody');
    const broken = await eventually(async () => {
      const found = dead.find((d) => text(d.headers, 'ce_id') === badId);
      if (!found) throw new Error('not dead-lettered yet');
      return found;
    });
    expect(text(broken.headers, 'dlq_reason')).toMatch(/^invalid test\.note\.added\.v1: text: /);
    expect(text(broken.headers, 'dlq_attempts')).toBe('0');
    await eventually(async () => expect(await app.get(EventConsumerRunner).lag()).toBe(0));
    expect((await app.get(ReadinessRegistry).run()).checks).toMatchObject({ [`consumer:${prefix}-notes`]: 'up' });
  });

  it('exports outbox depth, oldest unpublished age, dead-letter count and consumer lag', async () => {
    const text = await app.get(Metrics).registry.metrics();
    expect(text).toMatch(/^outbox_depth\{service="reliability-spec"\} 0$/m);
    expect(text).toMatch(/^outbox_oldest_unpublished_age_seconds\{service="reliability-spec"\} 0$/m);
    expect(text).toContain(`dead_letter_messages{service="reliability-spec",topic="${deadLetterTopic(NoteAdded.topic)}"} 3`);
    expect(text).toMatch(
      new RegExp(
        `^consumer_lag\\{service="reliability-spec",group="${prefix}-notes",topic="${NoteAdded.topic}",partition="\\d"\\} 0$`,
        'm',
      ),
    );
  });
});
