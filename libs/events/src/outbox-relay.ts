import { LOGGER, Metrics, type Logger } from '@crm/observability';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { Client } from 'pg';
import type { Counter } from 'prom-client';
import { toKafkaMessage, type OutboxRow } from './cloud-event-codec';
import { EVENTS_OPTIONS, KAFKA, resolveEventsOptions, type EventsOptions, type ResolvedEventsOptions } from './events.tokens';
import { OUTBOX_CHANNEL } from './event-tables.migration';
import { OutboxRepository } from './outbox.repository';
import { scrapeSource } from './scrape';

const BATCH_SIZE = 500;
const MAX_BACKOFF_MS = 5000;
const PRUNE_EVERY_MS = 60_000;
const PRUNE_CHUNK = 5000;

/**
 * Publishes committed outbox rows to Kafka in batches (acks=-1, idempotent producer, keyed by
 * customer id). Woken by the outbox trigger's NOTIFY on a connection of its own, and polling as a
 * fallback for when that connection is down or the trigger is missing. Backs off while Kafka is down.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly options: ResolvedEventsOptions;
  private readonly producer: Producer;
  private readonly published: Counter<'topic'>;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** A notification that arrived while a batch was being published: do not sleep after it. */
  private woken = false;
  private listener: Client | null = null;
  private listenRetry: NodeJS.Timeout | null = null;
  private lastPrune = 0;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(EVENTS_OPTIONS) options: EventsOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly outbox: OutboxRepository,
    metrics: Metrics,
  ) {
    this.options = resolveEventsOptions(options);
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Murmur2 like the Java client, so any producer keying by customer id lands on the same partition.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.published = metrics.counter({ name: 'outbox_published_total', help: 'Events published from the outbox', labelNames: ['topic'] });
    const service = this.options.clientId;
    // Both gauges share one read per scrape: the registry collects them at once.
    const backlog = scrapeSource(() => this.outbox.backlog());
    metrics.gauge({
      name: 'outbox_depth',
      help: 'Committed events not yet published',
      labelNames: ['service'],
      async collect() {
        const b = await backlog();
        if (b) this.set({ service }, b.depth);
        else this.reset();
      },
    });
    metrics.gauge({
      name: 'outbox_oldest_unpublished_age_seconds',
      help: 'Age of the oldest committed event not yet published',
      labelNames: ['service'],
      async collect() {
        const b = await backlog();
        if (b) this.set({ service }, b.oldestAgeSeconds);
        else this.reset();
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.relay) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.listenRetry) clearTimeout(this.listenRetry);
    this.wakeUp();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    await this.producer.disconnect();
  }

  /** LISTEN on a dedicated connection; on loss, polling carries on and the connection is retried. */
  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.outbox.connectionString(), application_name: `${this.options.clientId}-relay` });
    const lost = (err?: Error) => {
      if (this.listener !== client) return;
      this.listener = null;
      void client.end().catch(() => undefined);
      if (!this.running) return;
      this.logger.warn({ err }, 'outbox relay lost its LISTEN connection; polling until it is back');
      this.listenRetry = setTimeout(() => void this.listen(), 1000);
    };
    client.on('notification', () => this.wakeUp());
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = client;
      this.wakeUp(); // rows may have been written while nobody listened
    } catch (err) {
      await client.end().catch(() => undefined);
      if (!this.running) return;
      this.logger.warn({ err }, 'outbox relay could not LISTEN; polling, and retrying');
      this.listenRetry = setTimeout(() => void this.listen(), 1000);
    }
  }

  private async run(): Promise<void> {
    let backoff = 0;
    let connected = false;
    while (this.running) {
      try {
        if (!connected) {
          await this.producer.connect();
          connected = true;
        }
        const count = await this.outbox.publishNextBatch(BATCH_SIZE, (rows) => this.send(rows));
        backoff = 0;
        await this.pruneIfDue();
        if (count < BATCH_SIZE) await this.sleep(this.options.pollMs);
      } catch (e) {
        backoff = Math.min(backoff ? backoff * 2 : 200, MAX_BACKOFF_MS);
        this.logger.warn({ err: e, retryInMs: backoff }, 'outbox relay could not publish; will retry');
        await new Promise((r) => setTimeout(r, backoff));
      }
    }
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    const byTopic = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const list = byTopic.get(row.topic);
      if (list) list.push(row);
      else byTopic.set(row.topic, [row]);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list.map(toKafkaMessage) })),
    });
    for (const [topic, list] of byTopic) this.published.inc({ topic }, list.length);
  }

  private async pruneIfDue(): Promise<void> {
    if (Date.now() - this.lastPrune < Math.min(PRUNE_EVERY_MS, this.options.outboxRetentionMs)) return;
    this.lastPrune = Date.now();
    const before = new Date(Date.now() - this.options.outboxRetentionMs);
    let pruned = 0;
    for (let n = PRUNE_CHUNK; n === PRUNE_CHUNK && this.running; pruned += n) n = await this.outbox.prunePublished(before, PRUNE_CHUNK);
    if (pruned > 0) this.logger.info({ pruned }, 'pruned published outbox rows past their retention');
  }

  private wakeUp(): void {
    this.woken = true;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || !this.running) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
