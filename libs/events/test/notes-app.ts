import { SYSTEM_IDENTITY } from '@crm/auth';
import { defineEvent } from '@crm/contracts';
import { DatabaseModule, serviceDataSourceOptions, UnitOfWork } from '@crm/database';
import { createLogger, ObservabilityModule } from '@crm/observability';
import { createTestDatabase, type TestDatabase } from '@crm/testing';
import { Injectable, Module, type INestApplicationContext, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { createEventTables, EVENT_ENTITIES, EventConsumerRunner, EventPublisher, EventsModule, type EventsOptions } from '../src';

/** The event the library's specs publish and consume: a note about a customer, on a topic of the spec's own. */
export const noteAdded = (topic: string) =>
  defineEvent({
    type: 'test.note.added.v1',
    topic,
    source: 'test',
    schema: z.object({ customerId: z.uuid(), text: z.string() }),
    subject: (d) => d.customerId,
  });
export type NoteAdded = ReturnType<typeof noteAdded>;

export interface NotesApp {
  app: INestApplicationContext;
  db: TestDatabase;
  sql<R>(query: string, params?: unknown[]): Promise<R[]>;
  /** The texts of the notes the consumer wrote. */
  notes(): Promise<string[]>;
  /** Publishes a note through the outbox in a transaction of its own; resolves to the event's id. */
  write(contract: NoteAdded, customerId: string, text: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A service as small as it gets, for the library's specs: the event tables from the migration
 * helper every service calls, a `note` table for consumers to write, the events module with the
 * options given, and `subscribe` run once the runner exists.
 */
export async function startNotesApp(o: {
  /** Names its logger, database application and Kafka client. */
  name: string;
  events: Omit<EventsOptions, 'clientId'>;
  subscribe?: (runner: EventConsumerRunner) => void;
}): Promise<NotesApp> {
  const options = (url: string) => serviceDataSourceOptions({ url, applicationName: o.name, entities: EVENT_ENTITIES, migrations: [] });
  const db = await createTestDatabase({
    template: 'events_lib_notes',
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
      o.subscribe?.(this.runner);
    }
  }

  @Module({
    providers: [NotesConsumer],
    imports: [
      ObservabilityModule.forRoot(createLogger(o.name, 'silent')),
      DatabaseModule.forRoot(options(db.url)),
      EventsModule.forRoot({ clientId: o.name, ...o.events }),
    ],
  })
  class NotesModule {}

  const app = await NestFactory.createApplicationContext(NotesModule, { logger: false });
  const sql = <R>(query: string, params: unknown[] = []) => app.get(DataSource).query<R[]>(query, params);
  return {
    app,
    db,
    sql,
    notes: async () => (await sql<{ text: string }>('SELECT text FROM note')).map((r) => r.text),
    write: (contract, customerId, text) =>
      app.get(UnitOfWork).run(SYSTEM_IDENTITY, (tx) => app.get(EventPublisher).publish(tx, contract, { customerId, text })),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
