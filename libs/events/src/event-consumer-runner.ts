import type { CloudEvent, EventContract } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { LOGGER, Metrics, type Logger } from '@crm/observability';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Counter } from 'prom-client';
import { fromKafkaMessage, MalformedEventError } from './cloud-event-codec';
import { KAFKA } from './events.tokens';

export interface EventSubscription {
  /** Consumer group id, also the inbox's consumer name. */
  groupId: string;
  contracts: EventContract[];
  /** Applies one event inside the transaction that records it in the inbox. */
  handle: (event: CloudEvent, tx: Transaction) => Promise<void>;
}

/**
 * Runs consumer groups. Each event's effect and its inbox row commit together, so a redelivered
 * event changes nothing; a handler that throws leaves the offset where it is and is retried.
 */
@Injectable()
export class EventConsumerRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private subscriptions: EventSubscription[] = [];
  private consumers: Consumer[] = [];
  private readonly consumed: Counter<'type' | 'outcome'>;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly uow: UnitOfWork,
    metrics: Metrics,
  ) {
    this.consumed = metrics.counter({
      name: 'events_consumed_total',
      help: 'Events handled by consumers',
      labelNames: ['type', 'outcome'],
    });
  }

  /** Call from onModuleInit; groups start once the application has bootstrapped. */
  subscribe(subscription: EventSubscription): void {
    this.subscriptions.push(subscription);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const sub of this.subscriptions) {
      const consumer = this.kafka.consumer({ groupId: sub.groupId });
      await consumer.connect();
      await consumer.subscribe({ topics: [...new Set(sub.contracts.map((c) => c.topic))], fromBeginning: true });
      const byType = new Map(sub.contracts.map((c) => [c.type, c]));
      await consumer.run({ eachMessage: ({ message }) => this.apply(sub, byType, message) });
      this.consumers.push(consumer);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.disconnect()));
  }

  private async apply(sub: EventSubscription, byType: Map<string, EventContract>, message: KafkaMessage): Promise<void> {
    let event: CloudEvent;
    try {
      event = fromKafkaMessage(message);
    } catch (e) {
      if (!(e instanceof MalformedEventError)) throw e;
      // Dead-lettering arrives with the events-reliability work; until then the message is logged and skipped.
      this.logger.error({ err: e, offset: message.offset }, 'skipping a message that is not a CloudEvent');
      this.consumed.inc({ type: 'unknown', outcome: 'malformed' });
      return;
    }
    const contract = byType.get(event.type);
    if (!contract) return; // another event type on a shared topic
    const parsed = contract.schema.safeParse(event.data);
    if (!parsed.success) {
      this.logger.error(
        { eventId: event.id, type: event.type, issues: parsed.error.issues },
        'skipping an event whose payload breaks its contract',
      );
      this.consumed.inc({ type: event.type, outcome: 'invalid' });
      return;
    }
    const applied = await this.uow.run(async (tx) => {
      const inserted = await tx.manager.query<unknown[]>(
        `INSERT INTO inbox (consumer, event_id, type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
        [sub.groupId, event.id, event.type],
      );
      if (inserted.length === 0) return false;
      await sub.handle({ ...event, data: parsed.data }, tx);
      return true;
    });
    this.consumed.inc({ type: event.type, outcome: applied ? 'applied' : 'duplicate' });
  }
}
