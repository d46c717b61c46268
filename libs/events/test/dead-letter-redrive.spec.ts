import { randomUUID } from 'node:crypto';
import { eventually, testKafkaBrokers, uniqueTopicPrefix } from '@crm/testing';
import { Kafka, logLevel } from 'kafkajs';
import { EventConsumerRunner, on, readDeadLetters, redriveDeadLetters } from '../src';
import { noteAdded, startNotesApp, type NotesApp } from './notes-app';

const prefix = uniqueTopicPrefix();
const NoteAdded = noteAdded(`${prefix}.notes.v1`);
const GROUP = `${prefix}-notes`;

describe('dead letters: npm run dlq -- list / redrive', () => {
  let service: NotesApp;
  const kafka = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });
  /** Notes whose handler throws: the cause an operator fixes before redriving. */
  const broken = new Set<string>();
  /** How many times each note's effect was applied. */
  const applied = new Map<string, number>();
  /** The CloudEvents sequence each note's effect was applied with. */
  const sequences = new Map<string, string | undefined>();

  beforeAll(async () => {
    service = await startNotesApp({
      name: 'dead-letter-spec',
      events: {
        brokers: testKafkaBrokers(),
        produces: [{ name: NoteAdded.topic, partitions: 2 }],
        consumes: [{ name: NoteAdded.topic, partitions: 2 }],
        pollMs: 50,
        maxAttempts: 2,
        retryBackoffMs: 10,
      },
      subscribe: (runner) =>
        runner.subscribe(GROUP, [
          on(NoteAdded, async (event, tx) => {
            if (broken.has(event.data.text)) throw new Error(`cannot apply ${event.data.text} yet`);
            await tx.manager.query('INSERT INTO note (text) VALUES ($1)', [event.data.text]);
            applied.set(event.data.text, (applied.get(event.data.text) ?? 0) + 1);
            sequences.set(event.data.text, event.sequence);
          }),
        ]),
    });
  });

  afterAll(() => service?.close());

  const notes = async (text: string) => (await service.notes()).filter((t) => t === text).length;
  const write = (text: string) => service.write(NoteAdded, randomUUID(), text);

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
    await eventually(async () => expect(await service.app.get(EventConsumerRunner).lag()).toBe(0));
    expect([await notes('first'), await notes('second'), await notes('fine')]).toEqual([1, 1, 1]);
    expect(Object.fromEntries(applied)).toEqual({ first: 1, second: 1, fine: 1 });
    // A redriven event keeps the sequence its outbox row gave it, so it is still ordered by its commit.
    const seqOf = async (id: string) =>
      (await service.sql<{ seq: string }>('SELECT seq::text AS seq FROM outbox WHERE id = $1', [id]))[0]!.seq.padStart(20, '0');
    expect([sequences.get('first'), sequences.get('second')]).toEqual([await seqOf(firstId), await seqOf(secondId)]);
    expect(sequences.get('first')! < sequences.get('second')!).toBe(true);
  });

  it('names an event id it cannot find, and a topic without dead letters', async () => {
    const missing = randomUUID();
    await expect(redriveDeadLetters(kafka, NoteAdded.topic, { id: missing })).rejects.toThrow(`no dead letter with event id ${missing}`);
    await expect(readDeadLetters(kafka, `${prefix}.nobody-reads-this.v1`)).rejects.toThrow(
      /no dead-letter topic .*nobody-reads-this\.v1\.dlq/,
    );
  });
});
