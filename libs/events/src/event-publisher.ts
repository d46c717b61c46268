import { randomUUID } from 'node:crypto';
import type { EventContract, PayloadOf } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { currentTraceparent } from '@crm/observability';
import { Injectable } from '@nestjs/common';

/** Services publish by writing to the outbox inside their own transaction; never to Kafka directly. */
@Injectable()
export class EventPublisher {
  /**
   * `time` is the CloudEvents `time`: when the change occurred, which is now unless history is being
   * imported. When the event was written stays in the outbox row (`created_at`, `published_at`).
   */
  async publish<C extends EventContract>(tx: Transaction, contract: C, data: PayloadOf<C>, time: Date = new Date()): Promise<string> {
    // A payload that breaks its own contract is a bug here, not something to ship to consumers.
    const payload = contract.schema.parse(data) as PayloadOf<C>;
    const id = randomUUID();
    // One plain statement: this runs inside every mutation, so it should cost no more than it must.
    await tx.manager.query(
      'INSERT INTO outbox (id, topic, type, source, subject, time, data, traceparent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [
        id,
        contract.topic,
        contract.type,
        contract.source,
        contract.subject(payload),
        time,
        JSON.stringify(payload),
        // The mutation's trace goes with the event, so the consumers' work joins it.
        currentTraceparent(),
      ],
    );
    return id;
  }

  /**
   * Many events of one contract in one statement, in the order given (a bulk import's one event per
   * record): the same rows `publish` writes, without a round trip each.
   */
  async publishMany<C extends EventContract>(tx: Transaction, contract: C, events: { data: PayloadOf<C>; time: Date }[]): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map((e) => {
      const data = contract.schema.parse(e.data) as PayloadOf<C>;
      return { id: randomUUID(), subject: contract.subject(data), time: e.time, data };
    });
    // One JSON text, payloads nested: node-postgres would escape each payload of a jsonb[] array in JavaScript.
    // Read as jsonb, so Postgres parses it once and each row's data is a slice of it; as json, each
    // payload was parsed again into jsonb after json_to_recordset had parsed the whole text.
    await tx.manager.query(
      `INSERT INTO outbox (id, topic, type, source, subject, time, data, traceparent)
       SELECT e.id, $1, $2, $3, e.subject, e.time, e.data, $4
       FROM ROWS FROM (jsonb_to_recordset($5::jsonb) AS (id uuid, subject text, time timestamptz, data jsonb)) WITH ORDINALITY
            AS e(id, subject, time, data, n)
       ORDER BY e.n`,
      [contract.topic, contract.type, contract.source, currentTraceparent(), JSON.stringify(rows)],
    );
  }
}
