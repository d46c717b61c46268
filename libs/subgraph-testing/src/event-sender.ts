import { randomUUID } from 'node:crypto';
import type { EventContract, PayloadOf } from '@crm/contracts';
import { toKafkaMessage } from '@crm/events';
import { Kafka, logLevel } from 'kafkajs';

export interface EventSender {
  /**
   * Sends one CloudEvent as the producing service's relay would, and answers its id. The payload
   * must pass its contract's schema unless `raw`; `id` resends an event (a redelivery); `time` is
   * the CloudEvents time (now unless given); `sequence` the producer's outbox seq, sent as the
   * CloudEvents sequence (none unless given, as on events from before it existed).
   */
  send<C extends EventContract>(
    contract: C,
    data: PayloadOf<C>,
    opts?: { id?: string; raw?: boolean; time?: string; sequence?: string | bigint },
  ): Promise<string>;
  close(): Promise<void>;
}

/**
 * Feeds a subgraph's consumers through Kafka, for tests of what a service does with another's
 * events. It connects on the first send, so every test subgraph can carry one (`sub.events`) at
 * no cost to the files that send nothing; closing twice is harmless.
 */
export function eventSender(brokers: string[]): EventSender {
  const producer = new Kafka({ brokers, logLevel: logLevel.NOTHING }).producer();
  let connected: Promise<void> | undefined;
  let closed: Promise<void> | undefined;
  return {
    async send(contract, data, opts = {}) {
      await (connected ??= producer.connect());
      const payload = opts.raw ? data : (contract.schema.parse(data) as typeof data);
      const id = opts.id ?? randomUUID();
      const message = toKafkaMessage({
        id,
        topic: contract.topic,
        type: contract.type,
        source: contract.source,
        subject: contract.subject(payload),
        time: opts.time ? new Date(opts.time) : new Date(),
        seq: opts.sequence ?? null,
        data: payload,
      });
      await producer.send({ topic: contract.topic, acks: -1, messages: [message] });
      return id;
    },
    close: () => (closed ??= connected ? connected.then(() => producer.disconnect()) : Promise.resolve()),
  };
}

/** An event sender of its own, for a test that sends to brokers other than its subgraph's. */
export function startEventSender(brokers: string[]): Promise<EventSender> {
  return Promise.resolve(eventSender(brokers));
}
