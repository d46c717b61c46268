import { randomUUID } from 'node:crypto';
import type { EventContract, PayloadOf } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { OutboxEntity } from './outbox.entity';

/** Services publish by writing to the outbox inside their own transaction; never to Kafka directly. */
@Injectable()
export class EventPublisher {
  async publish<C extends EventContract>(tx: Transaction, contract: C, data: PayloadOf<C>): Promise<string> {
    // A payload that breaks its own contract is a bug here, not something to ship to consumers.
    const payload = contract.schema.parse(data) as PayloadOf<C>;
    const id = randomUUID();
    const row = {
      id,
      topic: contract.topic,
      type: contract.type,
      source: contract.source,
      subject: contract.subject(payload),
      time: new Date(),
      data: payload,
    };
    // jsonb columns defeat TypeORM's deep-partial typing; the row is exactly the entity's columns.
    await tx.manager.insert(OutboxEntity, row as QueryDeepPartialEntity<OutboxEntity>);
    return id;
  }
}
