import { LOGGER, Metrics, type Logger } from '@crm/observability';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type { Kafka, Producer } from 'kafkajs';
import { toKafkaMessage, type OutboxRow } from './cloud-event-codec';
import { EVENTS_OPTIONS, KAFKA, type EventsOptions } from './events.tokens';
import { OutboxRepository } from './outbox.repository';

const BATCH_SIZE = 500;
const MAX_BACKOFF_MS = 5000;

/** Publishes committed outbox rows to Kafka (acks=-1, idempotent, keyed by customer id). */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly producer: Producer;
  private readonly published: Counter<'topic'>;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(EVENTS_OPTIONS) private readonly options: EventsOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly outbox: OutboxRepository,
    metrics: Metrics,
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    this.published = metrics.counter({ name: 'outbox_published_total', help: 'Events published from the outbox', labelNames: ['topic'] });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect();
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.producer.disconnect();
  }

  private async run(): Promise<void> {
    let backoff = 0;
    while (this.running) {
      try {
        const count = await this.outbox.publishNextBatch(BATCH_SIZE, (rows) => this.send(rows));
        backoff = 0;
        if (count < BATCH_SIZE) await this.sleep(this.options.pollMs);
      } catch (e) {
        backoff = Math.min(backoff ? backoff * 2 : 200, MAX_BACKOFF_MS);
        this.logger.warn({ err: e, retryInMs: backoff }, 'outbox relay could not publish; will retry');
        await this.sleep(backoff);
      }
    }
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    const byTopic = new Map<string, OutboxRow[]>();
    for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list.map(toKafkaMessage) })),
    });
    for (const [topic, list] of byTopic) this.published.inc({ topic }, list.length);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
