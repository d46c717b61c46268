import { randomUUID } from 'node:crypto';
import { SYSTEM_IDENTITY } from '@crm/auth';
import { defineEvent } from '@crm/contracts';
import { DatabaseModule, serviceDataSourceOptions, UnitOfWork } from '@crm/database';
import { createLogger, ObservabilityModule } from '@crm/observability';
import { createTestDatabase, eventually, testKafkaBrokers, uniqueTopicPrefix, type TestDatabase } from '@crm/testing';
import { Injectable, Module, type INestApplicationContext, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  createEventTables,
  EVENT_ENTITIES,
  EventConsumerRunner,
  EventPublisher,
  EventsModule,
  on,
  readDeadLetters,
  redriveDeadLetters,
} from '../src';

const prefix = uniqueTopicPrefix();
const NoteAdded = defineEvent({
  type: 'test.note.added.v1',
  topic: `${prefix}.notes.v1`,
  source: 'test',
  schema: z.object({ customerId: z.uuid(), text: z.string() }),
  subject: (d) => d.customerId,
});
const GROUP = `${prefix}-notes`;

describe('dead letters: npm run dlq -- list / redrive', () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  const kafka = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  /** Notes whose handler throws: the cause an operator fixes before redriving. */
  const broken = new Set<string>();
  /** How many times each note's effect was applied. */
  const applied = new Map<string, number>();

  beforeAll(async () => {
    const options = (url: string) =>
      serviceDataSourceOptions({ url, applicationName: 'dead-letter-spec', entities: EVENT_ENTITIES, migrations: [] });
    db = await createTestDatabase({
      template: 'events_lib_helper',
      migrate: async (url) => {
        const ds = new DataSource(options(url));
        await ds.initialize();
        const q = ds.createQueryRunner();
        await createEventTables(q);
        await q.release();
        await ds.query('CREATE TABLE note (text text NOT NULL)');
        await ds.destroy();
      },
    });

    @Injectable()
    class NotesConsumer implements OnModuleInit {
      constructor(private readonly runner: EventConsumerRunner) {}

      onModuleInit(): void {
        this.runner.subscribe(GROUP, [
          on(NoteAdded, async (event, tx) => {
            if (broken.has(event.data.text)) throw new Error(`cannot apply ${event.data.text} yet`);
            await tx.manager.query('INSERT INTO note (text) VALUES ($1)', [event.data.text]);
            applied.set(event.data.text, (applied.get(event.data.text) ?? 0) + 1);
          }),
        ]);
      }
    }

    @Module({
      providers: [NotesConsumer],
      imports: [
        ObservabilityModule.forRoot(createLogger('dead-letter-spec', 'silent')),
        DatabaseModule.forRoot(options(db.url)),
        EventsModule.forRoot({
          brokers: testKafkaBrokers(),
          clientId: 'dead-letter-spec',
          produces: [{ name: NoteAdded.topic, partitions: 2 }],
          consumes: [{ name: NoteAdded.topic, partitions: 2 }],
          pollMs: 50,
          maxAttempts: 2,
          retryBackoffMs: 10,
        }),
      ],
    })
    class SpecModule {}

    app = await NestFactory.createApplicationContext(SpecModule, { logger: false });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const notes = async (text: string) =>
    Number((await app.get(DataSource).query<{ n: string }[]>('SELECT count(*) AS n FROM note WHERE text = $1', [text]))[0]!.n);
  const write = (text: string) =>
    app.get(UnitOfWork).run(SYSTEM_IDENTITY, (tx) => app.get(EventPublisher).publish(tx, NoteAdded, { customerId: randomUUID(), text }));

  it('lists what was parked and why; a dead letter redriven after its cause is fixed is applied once', async () => {
    broken.add('first').add('second');
    const firstId = await write('first');
    const secondId = await write('second');
    await write('fine');

    await eventually(async () =>
      expect((await readDeadLetters(kafka, NoteAdded.topic)).map((l) => l.id).sort()).toEqual([firstId, secondId].sort()),
    );
    const listed = await readDeadLetters(kafka, `${NoteAdded.topic}.dlq`);
    for (const l of listed) {
      expect(l).toMatchObject({
        type: NoteAdded.type,
        group: GROUP,
        attempts: 2,
        reason: expect.stringMatching(/^handler failed: cannot apply/),
      });
    }
    expect([await notes('first'), await notes('second'), await notes('fine')]).toEqual([0, 0, 1]);

    broken.clear();
    // One event by id: only it comes back.
    expect((await redriveDeadLetters(kafka, NoteAdded.topic, { id: firstId })).map((l) => l.id)).toEqual([firstId]);
    await eventually(async () => expect(await notes('first')).toBe(1));
    expect(await notes('second')).toBe(0);

    // Then all of them, `first` a second time: the inbox knows it, so it changes nothing.
    expect(await redriveDeadLetters(kafka, NoteAdded.topic)).toHaveLength(2);
    await eventually(async () => expect(await notes('second')).toBe(1));
    await eventually(async () => expect(await app.get(EventConsumerRunner).lag()).toBe(0));
    expect([await notes('first'), await notes('second'), await notes('fine')]).toEqual([1, 1, 1]);
    expect(Object.fromEntries(applied)).toEqual({ first: 1, second: 1, fine: 1 });
  });

  it('names an event id it cannot find, and a topic without dead letters', async () => {
    const missing = randomUUID();
    await expect(redriveDeadLetters(kafka, NoteAdded.topic, { id: missing })).rejects.toThrow(`no dead letter with event id ${missing}`);
    await expect(readDeadLetters(kafka, `${prefix}.nobody-reads-this.v1`)).rejects.toThrow(
      /no dead-letter topic .*nobody-reads-this\.v1\.dlq/,
    );
  });
});
