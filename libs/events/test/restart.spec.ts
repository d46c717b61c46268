import { SYSTEM_IDENTITY } from '@crm/auth';
import { randomUUID } from 'node:crypto';
import { deadLetterTopic } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { ReadinessRegistry } from '@crm/observability';
import { eventually, startOwnBroker, type OwnBroker, type TestDatabase } from '@crm/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { EventPublisher, on, toKafkaMessage } from '../src';
import { noteAdded, startNotesApp } from './notes-app';

const NoteAdded = noteAdded('restart.notes.v1');

/** A broker restart and a group rejoin take a while on a loaded machine. */
const eventuallyRestarted = (check: () => Promise<void>) => eventually(check, 60_000);

/** A broker outage crashes the consumer group; the runner must bring it back on its own. */
describe('events: a crashed consumer group restarts itself', () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  let broker: OwnBroker;

  beforeAll(async () => {
    broker = await startOwnBroker();
    ({ app, db } = await startNotesApp({
      name: 'restart-spec',
      events: {
        brokers: broker.brokers,
        produces: [{ name: NoteAdded.topic, partitions: 1 }],
        consumes: [{ name: NoteAdded.topic, partitions: 1 }],
        pollMs: 50,
        sessionTimeoutMs: 2000,
        maxAttempts: 2,
        retryBackoffMs: 10,
      },
      subscribe: (runner) =>
        runner.subscribe('restart-notes', [
          on(NoteAdded, async (event, tx) => {
            await tx.manager.query('INSERT INTO note (text) VALUES ($1)', [event.data.text]);
          }),
        ]),
    }));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await broker?.destroy();
  });

  const consumerCheck = async () => (await app.get(ReadinessRegistry).run()).checks['consumer:restart-notes'];
  const notes = async () => (await app.get(DataSource).query<{ text: string }[]>('SELECT text FROM note')).map((r) => r.text);

  it('reports not ready while its consumer is down, restarts it once the broker is back, and applies what was written meanwhile', async () => {
    await eventuallyRestarted(async () => expect(await consumerCheck()).toBe('up'));

    await broker.stop();
    await app
      .get(UnitOfWork)
      .run(SYSTEM_IDENTITY, (tx) =>
        app.get(EventPublisher).publish(tx, NoteAdded, { customerId: randomUUID(), text: 'during the outage' }),
      );
    await eventuallyRestarted(async () => expect(await consumerCheck()).toBe('down: consumer group is not running'));
    expect((await app.get(ReadinessRegistry).run()).ready).toBe(false);

    await broker.restart();
    await eventuallyRestarted(async () => expect(await consumerCheck()).toBe('up'));
    await eventuallyRestarted(async () => expect(await notes()).toEqual(['during the outage']));
  });

  it('does not dead-letter events it could not apply because its database was down, and applies them once it is back', async () => {
    await eventuallyRestarted(async () => expect(await consumerCheck()).toBe('up'));
    const database = new URL(db.url).pathname.slice(1);
    const admin = new Client({ connectionString: db.adminUrl.replace(`/${database}`, '/postgres') });
    await admin.connect();
    const setConnections = (allow: boolean) => admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS ${allow}`);
    try {
      await setConnections(false);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);

      const texts = ['db-down-1', 'db-down-2', 'db-down-3'];
      const kafka = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic: NoteAdded.topic,
        acks: -1,
        messages: texts.map((text) => {
          const customerId = randomUUID();
          return toKafkaMessage({
            id: randomUUID(),
            topic: NoteAdded.topic,
            type: NoteAdded.type,
            source: 'test',
            subject: customerId,
            time: new Date(),
            data: { customerId, text },
          });
        }),
      });
      await producer.disconnect();
      // The handler fails past its attempts; the database ping fails too, so the group crashes instead of parking them.
      await eventuallyRestarted(async () => expect(await consumerCheck()).toBe('down: consumer group is not running'));

      await setConnections(true);
      await eventuallyRestarted(async () => expect((await notes()).filter((t) => t.startsWith('db-down-')).sort()).toEqual(texts));
      await eventuallyRestarted(async () => expect(await consumerCheck()).toBe('up'));
      const dlq = kafka.admin();
      await dlq.connect();
      const offsets = await dlq.fetchTopicOffsets(deadLetterTopic(NoteAdded.topic));
      await dlq.disconnect();
      expect(offsets.reduce((n, o) => n + Number(o.high), 0)).toBe(0);
    } finally {
      await setConnections(true);
      await admin.end();
    }
  });
});
