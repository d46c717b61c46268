import { deadLetterTopic } from '@crm/contracts';
import { LOGGER, Metrics, type Logger } from '@crm/observability';
import { Inject, Injectable } from '@nestjs/common';
import { Partitioners, type Admin, type IHeaders, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import type { Counter } from 'prom-client';
import { EVENTS_OPTIONS, KAFKA, type EventsOptions } from './events.tokens';

/** Where a parked message came from: the group that gave up on it, and its place in the topic. */
export interface DeadLetterOrigin {
  group: string;
  topic: string;
  partition: number;
}

/** The headers a dead letter carries besides the original ones; a redrive strips them. */
export const DEAD_LETTER_HEADERS = ['dlq_reason', 'dlq_attempts', 'dlq_group', 'dlq_topic', 'dlq_partition', 'dlq_offset'] as const;

/**
 * Parks messages a consumer can never apply in `<topic>.dlq`: original key, value and headers,
 * plus why and where from, so `npm run dlq -- redrive` can send them back once the cause is fixed.
 */
@Injectable()
export class DeadLetters {
  private readonly producer: Producer;
  private readonly parked: Counter<'service' | 'group' | 'topic' | 'reason'>;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(EVENTS_OPTIONS) private readonly options: EventsOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Murmur2 like the Java client, so any producer keying by customer id lands on the same partition.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.parked = metrics.counter({
      name: 'events_dead_lettered_total',
      help: 'Messages this process sent to a dead-letter topic',
      labelNames: ['service', 'group', 'topic', 'reason'],
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async park(from: DeadLetterOrigin, message: KafkaMessage, reason: string, attempts: number): Promise<void> {
    const headers: IHeaders = {
      ...message.headers,
      dlq_reason: reason,
      dlq_attempts: String(attempts),
      dlq_group: from.group,
      dlq_topic: from.topic,
      dlq_partition: String(from.partition),
      dlq_offset: message.offset,
    };
    await this.producer.send({
      topic: deadLetterTopic(from.topic),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    this.parked.inc({ service: this.options.clientId, group: from.group, topic: from.topic, reason: reason.split(/[: ]/)[0]! });
    this.logger.error({ ...from, offset: message.offset, reason }, 'message sent to the dead-letter topic');
  }
}

/** Messages in the dead-letter topic of each of `topics`. */
export async function deadLetterDepth(admin: Admin, topics: Iterable<string>): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const topic of new Set(topics)) {
    const offsets = await admin.fetchTopicOffsets(deadLetterTopic(topic));
    counts.set(
      deadLetterTopic(topic),
      offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0),
    );
  }
  return counts;
}
