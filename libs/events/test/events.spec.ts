import { SYSTEM_IDENTITY, type Identity } from '@crm/auth';
import { type CloudEvent } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { testKafkaBrokers, uniqueTopicPrefix, type TestDatabase } from '@crm/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { EventPublisher, on, fromKafkaMessage, toKafkaMessage } from '../src';
import { noteAdded, startNotesApp } from './notes-app';

const prefix = uniqueTopicPrefix();
const NoteAdded = noteAdded(`${prefix}.notes.v1`);
const CUSTOMER = '6f1c2a4e-0000-4000-8000-0000000000aa';

describe('events: outbox in the change’s transaction, inbox-deduplicated consumers', () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  const applied: CloudEvent[] = [];
  /** Who each handler ran as, and the partner scope its transaction had. */
  const scopes: { identity: Identity | undefined; setting: string }[] = [];

  beforeAll(async () => {
    ({ app, db } = await startNotesApp({
      name: 'events-spec',
      events: {
        brokers: testKafkaBrokers(),
        produces: [{ name: NoteAdded.topic, partitions: 3 }],
        consumes: [],
        pollMs: 20,
      },
      subscribe: (runner) =>
        runner.subscribe(`${prefix}-notes`, [
          on(NoteAdded, async (event, tx) => {
            applied.push(event);
            const [row] = await tx.manager.query<{ s: string }[]>(`SELECT current_setting('app.partner_id', true) AS s`);
            scopes.push({ identity: tx.caller, setting: row!.s });
            await tx.manager.query('INSERT INTO note (text) VALUES ($1)', [event.data.text]);
          }),
        ]),
    }));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const uow = () => app.get(UnitOfWork);
  const count = async (sql: string) => Number((await app.get(DataSource).query<{ n: string }[]>(sql))[0]!.n);

  it('writes nothing, not even the event, when the transaction rolls back', async () => {
    await expect(
      uow().run(SYSTEM_IDENTITY, async (tx) => {
        await app.get(EventPublisher).publish(tx, NoteAdded, { customerId: CUSTOMER, text: 'rolled back' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(0);
  });

  it('publishes a committed event, keyed by customer, and its consumer applies it once', async () => {
    await uow().run(SYSTEM_IDENTITY, (tx) => app.get(EventPublisher).publish(tx, NoteAdded, { customerId: CUSTOMER, text: 'hello' }));
    const deadline = Date.now() + 10_000;
    while ((await count("SELECT count(*) AS n FROM note WHERE text = 'hello'")) === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    expect(await count("SELECT count(*) AS n FROM note WHERE text = 'hello'")).toBe(1);
    expect(await count('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL')).toBe(0);
    expect(applied.find((e) => (e.data as { text: string }).text === 'hello')).toMatchObject({
      type: NoteAdded.type,
      subject: CUSTOMER,
      source: 'test',
    });
    // Handlers run as the platform, so they may touch partner-scoped tables (row-level security admits '*').
    expect(scopes.length).toBeGreaterThan(0);
    for (const s of scopes) expect(s).toEqual({ identity: SYSTEM_IDENTITY, setting: '*' });
  });

  it('changes nothing when the same event is delivered again', async () => {
    const kafka = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const event = {
      id: '6f1c2a4e-0000-4000-8000-0000000000bb',
      topic: NoteAdded.topic,
      type: NoteAdded.type,
      source: 'test',
      subject: CUSTOMER,
      time: new Date(),
      data: { customerId: CUSTOMER, text: 'twice' },
    };
    await producer.send({ topic: NoteAdded.topic, messages: [toKafkaMessage(event), toKafkaMessage(event)] });
    await producer.disconnect();
    const deadline = Date.now() + 10_000;
    while ((await count(`SELECT count(*) AS n FROM inbox WHERE event_id = '${event.id}'`)) === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 300)); // let the duplicate arrive too
    expect(await count("SELECT count(*) AS n FROM note WHERE text = 'twice'")).toBe(1);
    expect(applied.filter((e) => e.id === event.id)).toHaveLength(1);
    expect(fromKafkaMessage({ value: Buffer.from(JSON.stringify(event.data)), headers: toKafkaMessage(event).headers }).id).toBe(event.id);
  });
});
