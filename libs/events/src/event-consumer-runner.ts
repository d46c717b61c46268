import { SYSTEM_IDENTITY } from '@crm/auth';
import { UnitOfWork, type Transaction } from '@crm/database';
import { contextFrom, inSpan, LOGGER, Metrics, ReadinessRegistry, type Logger } from '@crm/observability';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Counter } from 'prom-client';
import { lagByPartition, type PartitionLag } from './consumer-lag';
import { deadLetterDepth, DeadLetters } from './dead-letters';
import { decode, type Applicable } from './event-decoder';
import { chunkScope, type EventHandler } from './event-handler';
import { EVENTS_OPTIONS, KAFKA, resolveEventsOptions, type EventsOptions, type ResolvedEventsOptions } from './events.tokens';
import { claimInbox } from './inbox';
import { RetryPolicy } from './retry-policy';
import { scrapeSource } from './scrape';

/** Events applied in one transaction on the fast path; a failure there replays them one by one. */
const CHUNK = 100;
const RESTART_DELAY_MS = 1000;
/** Partitions a group applies at once; each keeps its own order (a customer's events share one). */
const PARTITIONS_IN_PARALLEL = 6;

interface Group {
  /** Consumer group id without the replay suffix: the inbox's consumer name. */
  name: string;
  groupId: string;
  topics: string[];
  handlers: Map<string, EventHandler>;
  consumer: Consumer | null;
  up: boolean;
  restart: NodeJS.Timeout | null;
}

/** The span of applying one event: a child of the change that emitted it, wherever that ran. */
function consumerSpan(group: Group, event: Applicable['event']) {
  return {
    parent: contextFrom(event.traceparent),
    kind: SpanKind.CONSUMER,
    attributes: { 'messaging.system': 'kafka', 'messaging.consumer.group.name': group.name, 'messaging.message.id': event.id },
  };
}

/**
 * Runs consumer groups with `eachBatch`. Each event's effect and its inbox row commit together, so
 * a redelivered event changes nothing. A handler that keeps throwing is retried by the retry policy,
 * then parked in `<topic>.dlq`; a malformed message or a payload that breaks its contract is parked
 * at once. The messages behind keep flowing. A crashed group is restarted; readiness is false while
 * it is down.
 */
@Injectable()
export class EventConsumerRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly options: ResolvedEventsOptions;
  private readonly retries: RetryPolicy;
  private readonly pending: { groupId: string; handlers: EventHandler[] }[] = [];
  private readonly groups: Group[] = [];
  private readonly admin: Admin;
  private stopping = false;
  private readonly consumed: Counter<'type' | 'outcome'>;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(EVENTS_OPTIONS) options: EventsOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly uow: UnitOfWork,
    private readonly readiness: ReadinessRegistry,
    private readonly deadLetters: DeadLetters,
    metrics: Metrics,
  ) {
    this.options = resolveEventsOptions(options);
    this.retries = new RetryPolicy(this.options.maxAttempts, this.options.retryBackoffMs);
    this.admin = kafka.admin();
    this.consumed = metrics.counter({
      name: 'events_consumed_total',
      help: 'Events handled by consumers',
      labelNames: ['type', 'outcome'],
    });
    const service = this.options.clientId;
    const lagOf = scrapeSource(() => this.lagByPartition());
    metrics.gauge({
      name: 'consumer_lag',
      help: 'Messages behind the end of each partition, per consumer group',
      labelNames: ['service', 'group', 'topic', 'partition'],
      async collect() {
        const lags = await lagOf();
        this.reset();
        for (const l of lags ?? []) this.set({ service, group: l.groupId, topic: l.topic, partition: String(l.partition) }, l.lag);
      },
    });
    const dlqDepth = scrapeSource(() =>
      deadLetterDepth(
        this.admin,
        this.groups.flatMap((g) => g.topics),
      ),
    );
    metrics.gauge({
      name: 'dead_letter_messages',
      help: 'Messages in the dead-letter topic of each consumed topic',
      labelNames: ['service', 'topic'],
      async collect() {
        const counts = await dlqDepth();
        this.reset();
        for (const [topic, n] of counts ?? []) this.set({ service, topic }, n);
      },
    });
  }

  /**
   * Call from onModuleInit: `groupId` (also the inbox's consumer name) applies each handler's
   * contract, e.g. `subscribe('sales-lead-conversion', [on(LeadConverted, (event, tx) => ...)])`.
   * Groups start once the application has bootstrapped.
   */
  subscribe(groupId: string, handlers: EventHandler[]): void {
    this.pending.push({ groupId, handlers });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.pending.length === 0) return;
    await this.admin.connect();
    await this.deadLetters.connect();
    for (const { groupId, handlers } of this.pending) {
      const group: Group = {
        name: groupId,
        groupId: groupId + this.options.groupIdSuffix,
        topics: [...new Set(handlers.map((h) => h.contract.topic))],
        handlers: new Map(handlers.map((h) => [h.contract.type, h])),
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
    if (this.groups.length > 0) await Promise.all([this.deadLetters.disconnect(), this.admin.disconnect()]);
  }

  lagByPartition(): Promise<PartitionLag[]> {
    return lagByPartition(this.admin, this.groups);
  }

  /** Total lag of every group this process runs. */
  async lag(): Promise<number> {
    return (await this.lagByPartition()).reduce((n, l) => n + l.lag, 0);
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

  private async eachBatch(group: Group, p: EachBatchPayload): Promise<void> {
    const { batch } = p;
    const from = { group: group.name, topic: batch.topic, partition: batch.partition };
    for (let i = 0; i < batch.messages.length; i += CHUNK) {
      if (!p.isRunning() || p.isStale()) return;
      const decoded = batch.messages.slice(i, i + CHUNK).map((m) => decode(m, group.handlers));
      for (const d of decoded) {
        if (!('reason' in d)) continue;
        this.consumed.inc({ type: d.type, outcome: d.outcome });
        await this.deadLetters.park(from, d.message, d.reason, 0);
      }
      const events = decoded.filter((d): d is Applicable => 'apply' in d);
      try {
        await this.uow.run(SYSTEM_IDENTITY, (tx) => this.applyAll(group, events, tx));
      } catch (err) {
        this.logger.warn({ err, groupId: group.groupId }, 'a batch failed; applying its events one by one');
        for (const e of events) {
          if (!p.isRunning() || p.isStale()) return;
          const done = await this.retries.run(() => this.uow.run(SYSTEM_IDENTITY, (tx) => this.applyAll(group, [e], tx)), {
            failed: (error, attempt, delay) =>
              this.logger.warn({ err: error, eventId: e.event.id, attempt, retryInMs: delay }, 'event handler failed; retrying'),
            waited: () => p.heartbeat(),
          });
          if (!done.ok) {
            // An unreachable database is no fault of the message: crash, restart and retry it later.
            await this.uow.ping();
            await this.deadLetters.park(from, e.message, `handler failed: ${(done.error as Error).message}`, done.attempts);
          }
          p.resolveOffset(e.message.offset);
        }
      }
      p.resolveOffset(decoded[decoded.length - 1]!.message.offset);
      await p.heartbeat();
      await p.commitOffsetsIfNecessary();
    }
  }

  /** One inbox statement for all the events, then each new event's effect, in order, then what they deferred. */
  private async applyAll(group: Group, events: Applicable[], tx: Transaction): Promise<void> {
    const fresh = await claimInbox(
      tx,
      group.name,
      events.map((e) => e.event),
    );
    const chunk = chunkScope();
    for (const { event, apply } of events) {
      // delete: the same event twice in one chunk is applied once.
      const isNew = fresh.delete(event.id);
      if (isNew) await inSpan(`${event.type} process`, consumerSpan(group, event), () => apply(tx, chunk));
      this.consumed.inc({ type: event.type, outcome: isNew ? 'applied' : 'duplicate' });
    }
    await chunk.flush();
  }
}
