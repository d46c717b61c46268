import { SYSTEM_IDENTITY } from '@crm/auth';
import { deadLetterTopic, type CloudEvent, type EventContract } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { LOGGER, Metrics, ReadinessRegistry, type Logger } from '@crm/observability';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Partitioners, type Admin, type Batch, type Consumer, type IHeaders, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import type { Counter } from 'prom-client';
import { fromKafkaMessage, MalformedEventError } from './cloud-event-codec';
import { scrape } from './scrape';
import { EVENTS_OPTIONS, KAFKA, resolveEventsOptions, type EventsOptions, type ResolvedEventsOptions } from './events.tokens';

export interface EventSubscription {
  /** Consumer group id, also the inbox's consumer name. */
  groupId: string;
  contracts: EventContract[];
  /** Applies one event inside the transaction that records it in the inbox. */
  handle: (event: CloudEvent, tx: Transaction) => Promise<void>;
}

/** Events applied in one transaction on the fast path; a failure there replays them one by one. */
const CHUNK = 100;
const RESTART_DELAY_MS = 1000;
/** Partitions a group applies at once; each keeps its own order (a customer's events share one). */
const PARTITIONS_IN_PARALLEL = 6;
const MAX_RETRY_DELAY_MS = 5000;

interface Group {
  sub: EventSubscription;
  groupId: string;
  topics: string[];
  byType: Map<string, EventContract>;
  consumer: Consumer | null;
  up: boolean;
  restart: NodeJS.Timeout | null;
}

/** A message decoded and checked, or the reason it can never be applied. */
type Decoded =
  { event: CloudEvent; message: KafkaMessage } | { skip: true; message: KafkaMessage } | { reason: string; message: KafkaMessage };

/**
 * Runs consumer groups with `eachBatch`. Each event's effect and its inbox row commit together, so
 * a redelivered event changes nothing. A handler that keeps throwing is retried with backoff a
 * bounded number of times, then the message goes to `<topic>.dlq` with the error and its original
 * headers; a malformed message or a payload that breaks its contract goes there at once. The
 * messages behind keep flowing. A crashed group is restarted; readiness is false while it is down.
 */
@Injectable()
export class EventConsumerRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly options: ResolvedEventsOptions;
  private subscriptions: EventSubscription[] = [];
  private readonly groups: Group[] = [];
  private readonly admin: Admin;
  private readonly dlqProducer: Producer;
  private stopping = false;
  private readonly consumed: Counter<'type' | 'outcome'>;
  private readonly deadLettered: Counter<'service' | 'group' | 'topic' | 'reason'>;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(EVENTS_OPTIONS) options: EventsOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly uow: UnitOfWork,
    private readonly readiness: ReadinessRegistry,
    metrics: Metrics,
  ) {
    this.options = resolveEventsOptions(options);
    this.admin = kafka.admin();
    this.dlqProducer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Murmur2 like the Java client, so any producer keying by customer id lands on the same partition.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.consumed = metrics.counter({
      name: 'events_consumed_total',
      help: 'Events handled by consumers',
      labelNames: ['type', 'outcome'],
    });
    this.deadLettered = metrics.counter({
      name: 'events_dead_lettered_total',
      help: 'Messages this process sent to a dead-letter topic',
      labelNames: ['service', 'group', 'topic', 'reason'],
    });
    const service = this.options.clientId;
    const lagOf = () => this.lagByPartition();
    metrics.gauge({
      name: 'consumer_lag',
      help: 'Messages behind the end of each partition, per consumer group',
      labelNames: ['service', 'group', 'topic', 'partition'],
      async collect() {
        const lags = await scrape(lagOf);
        this.reset();
        for (const l of lags ?? []) this.set({ service, group: l.groupId, topic: l.topic, partition: String(l.partition) }, l.lag);
      },
    });
    const dlqDepth = () => this.deadLetterCounts();
    metrics.gauge({
      name: 'dead_letter_messages',
      help: 'Messages in the dead-letter topic of each consumed topic',
      labelNames: ['service', 'topic'],
      async collect() {
        const counts = await scrape(dlqDepth);
        this.reset();
        for (const [topic, n] of counts ?? []) this.set({ service, topic }, n);
      },
    });
  }

  /** Call from onModuleInit; groups start once the application has bootstrapped. */
  subscribe(subscription: EventSubscription): void {
    this.subscriptions.push(subscription);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.subscriptions.length === 0) return;
    await this.admin.connect();
    await this.dlqProducer.connect();
    for (const sub of this.subscriptions) {
      const group: Group = {
        sub,
        groupId: sub.groupId + this.options.groupIdSuffix,
        topics: [...new Set(sub.contracts.map((c) => c.topic))],
        byType: new Map(sub.contracts.map((c) => [c.type, c])),
        consumer: null,
        up: false,
        restart: null,
      };
      this.groups.push(group);
      this.readiness.register(`consumer:${group.groupId}`, () =>
        group.up ? Promise.resolve() : Promise.reject(new Error('consumer group is not running')),
      );
      await this.start(group);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    for (const g of this.groups) if (g.restart) clearTimeout(g.restart);
    await Promise.all(this.groups.flatMap((g) => (g.consumer ? [g.consumer.disconnect()] : [])));
    if (this.groups.length > 0) await Promise.all([this.dlqProducer.disconnect(), this.admin.disconnect()]);
  }

  /** Messages each group has still to apply, per partition (end offset minus committed offset). */
  async lagByPartition(): Promise<{ groupId: string; topic: string; partition: number; lag: number }[]> {
    const out: { groupId: string; topic: string; partition: number; lag: number }[] = [];
    for (const g of this.groups) {
      const committed = await this.admin.fetchOffsets({ groupId: g.groupId, topics: g.topics });
      for (const t of committed) {
        const ends = await this.admin.fetchTopicOffsets(t.topic);
        for (const p of t.partitions) {
          const end = Number(ends.find((e) => e.partition === p.partition)?.high ?? 0);
          const low = Number(ends.find((e) => e.partition === p.partition)?.low ?? 0);
          const at = Number(p.offset) < 0 ? low : Number(p.offset);
          out.push({ groupId: g.groupId, topic: t.topic, partition: p.partition, lag: Math.max(0, end - at) });
        }
      }
    }
    return out;
  }

  /** Total lag of every group this process runs. */
  async lag(): Promise<number> {
    return (await this.lagByPartition()).reduce((n, l) => n + l.lag, 0);
  }

  /** Messages in the dead-letter topic of each topic this process consumes. */
  async deadLetterCounts(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const topic of new Set(this.groups.flatMap((g) => g.topics))) {
      const offsets = await this.admin.fetchTopicOffsets(deadLetterTopic(topic));
      counts.set(
        deadLetterTopic(topic),
        offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0),
      );
    }
    return counts;
  }

  private async start(group: Group): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: group.groupId,
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: Math.max(100, Math.floor(this.options.sessionTimeoutMs / 5)),
      allowAutoTopicCreation: false,
    });
    group.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => (group.up = true));
    consumer.on(consumer.events.STOP, () => (group.up = false));
    consumer.on(consumer.events.DISCONNECT, () => (group.up = false));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      group.up = false;
      this.logger.error({ err: payload.error, groupId: group.groupId, restart: payload.restart }, 'consumer crashed');
      // kafkajs restarts after retriable errors itself; after any other, start a fresh consumer.
      if (!payload.restart) this.restartLater(group);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: group.topics, fromBeginning: true });
      await consumer.run({
        partitionsConsumedConcurrently: PARTITIONS_IN_PARALLEL,
        // Offsets are resolved only for messages applied or parked: a batch cut short by a
        // rebalance or shutdown must not be marked done as a whole.
        eachBatchAutoResolve: false,
        // Commit after every applied chunk, so a killed consumer replays at most a chunk per partition.
        autoCommitThreshold: CHUNK,
        eachBatch: (p) => this.eachBatch(group, p),
      });
    } catch (err) {
      this.logger.error({ err, groupId: group.groupId }, 'consumer could not start; retrying');
      this.restartLater(group);
    }
  }

  private restartLater(group: Group): void {
    if (this.stopping || group.restart) return;
    const old = group.consumer;
    group.restart = setTimeout(() => {
      group.restart = null;
      void (async () => {
        await old?.disconnect().catch(() => undefined);
        if (!this.stopping) await this.start(group);
      })();
    }, RESTART_DELAY_MS);
  }

  private async eachBatch(
    group: Group,
    p: {
      batch: Batch;
      resolveOffset: (offset: string) => void;
      heartbeat: () => Promise<void>;
      commitOffsetsIfNecessary: () => Promise<void>;
      isRunning: () => boolean;
      isStale: () => boolean;
    },
  ): Promise<void> {
    const { batch } = p;
    for (let i = 0; i < batch.messages.length; i += CHUNK) {
      if (!p.isRunning() || p.isStale()) return;
      const decoded = batch.messages.slice(i, i + CHUNK).map((m) => this.decode(group, m));
      for (const d of decoded) if ('reason' in d) await this.deadLetter(group, batch.topic, batch.partition, d.message, d.reason, 0);
      const events = decoded.filter((d): d is { event: CloudEvent; message: KafkaMessage } => 'event' in d);
      try {
        await this.uow.run(SYSTEM_IDENTITY, (tx) => this.applyChunk(group, events, tx));
      } catch (err) {
        this.logger.warn({ err, groupId: group.groupId }, 'a batch failed; applying its events one by one');
        for (const e of events) {
          if (!p.isRunning() || p.isStale()) return;
          await this.applyWithRetries(group, batch, e, p.heartbeat);
          p.resolveOffset(e.message.offset);
        }
      }
      p.resolveOffset(decoded[decoded.length - 1]!.message.offset);
      await p.heartbeat();
      await p.commitOffsetsIfNecessary();
    }
  }

  private decode(group: Group, message: KafkaMessage): Decoded {
    let event: CloudEvent;
    try {
      event = fromKafkaMessage(message);
    } catch (e) {
      if (!(e instanceof MalformedEventError)) throw e;
      this.consumed.inc({ type: 'unknown', outcome: 'malformed' });
      return { reason: `malformed: ${e.message}`, message };
    }
    const contract = group.byType.get(event.type);
    if (!contract) return { skip: true, message }; // another event type on a shared topic
    const parsed = contract.schema.safeParse(event.data);
    if (!parsed.success) {
      this.consumed.inc({ type: event.type, outcome: 'invalid' });
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; ');
      return { reason: `invalid ${event.type}: ${issues}`, message };
    }
    return { event: { ...event, data: parsed.data }, message };
  }

  /** The fast path: one inbox statement for the whole chunk, then each new event's effect, in order. */
  private async applyChunk(group: Group, events: { event: CloudEvent }[], tx: Transaction): Promise<void> {
    if (events.length === 0) return;
    const inserted = await tx.manager.query<{ event_id: string }[]>(
      `INSERT INTO inbox (consumer, event_id, type)
       SELECT $1, e.id, e.type FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS e(id, type, n) ORDER BY e.n
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [group.sub.groupId, events.map((e) => e.event.id), events.map((e) => e.event.type)],
    );
    const fresh = new Set(inserted.map((r) => r.event_id));
    for (const { event } of events) {
      // delete: the same event twice in one chunk is applied once.
      const isNew = fresh.delete(event.id);
      if (isNew) await group.sub.handle(event, tx);
      this.consumed.inc({ type: event.type, outcome: isNew ? 'applied' : 'duplicate' });
    }
  }

  /** Records the event in the inbox and applies it, unless the inbox says it was applied already. */
  private async applyOne(group: Group, event: CloudEvent, tx: Transaction): Promise<void> {
    const inserted = await tx.manager.query<unknown[]>(
      `INSERT INTO inbox (consumer, event_id, type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
      [group.sub.groupId, event.id, event.type],
    );
    if (inserted.length > 0) await group.sub.handle(event, tx);
    this.consumed.inc({ type: event.type, outcome: inserted.length > 0 ? 'applied' : 'duplicate' });
  }

  private async applyWithRetries(
    group: Group,
    batch: Batch,
    { event, message }: { event: CloudEvent; message: KafkaMessage },
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.uow.run(SYSTEM_IDENTITY, (tx) => this.applyOne(group, event, tx));
        return;
      } catch (err) {
        if (attempt >= this.options.maxAttempts) {
          // An unreachable database is no fault of the message: crash, restart and retry it later.
          await this.uow.ping();
          await this.deadLetter(group, batch.topic, batch.partition, message, `handler failed: ${(err as Error).message}`, attempt);
          return;
        }
        const delay = Math.min(this.options.retryBackoffMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
        this.logger.warn({ err, eventId: event.id, attempt, retryInMs: delay }, 'event handler failed; retrying');
        await new Promise((r) => setTimeout(r, delay));
        await heartbeat();
      }
    }
  }

  /** Parks a message in `<topic>.dlq`: original key, value and headers, plus why and where from. */
  private async deadLetter(group: Group, topic: string, partition: number, message: KafkaMessage, reason: string, attempts: number) {
    const headers: IHeaders = {
      ...message.headers,
      dlq_reason: reason,
      dlq_attempts: String(attempts),
      dlq_group: group.sub.groupId,
      dlq_topic: topic,
      dlq_partition: String(partition),
      dlq_offset: message.offset,
    };
    await this.dlqProducer.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    this.deadLettered.inc({ service: this.options.clientId, group: group.sub.groupId, topic, reason: reason.split(/[: ]/)[0]! });
    this.logger.error(
      { groupId: group.groupId, topic, partition, offset: message.offset, reason },
      'message sent to the dead-letter topic',
    );
  }
}
