import type { z } from 'zod';

/** CloudEvents 1.0 envelope; `subject` is the customer id the event concerns (the Kafka key). */
export interface CloudEvent<T = unknown> {
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  specversion: '1.0';
  datacontenttype: 'application/json';
  data: T;
  /** W3C trace context of the change that emitted the event (CloudEvents distributed-tracing extension). */
  traceparent?: string;
  /**
   * The event's place in its producer's commit order (CloudEvents `sequence` extension): the
   * producing service's outbox `seq`, as 20 zero-padded decimal digits, so comparing two of one
   * `source` as strings compares them as numbers. Absent on events published before it existed.
   */
  sequence?: string;
}

/** One versioned event type: where it goes, who emits it, and the schema its payload must pass. */
export interface EventContract<S extends z.ZodType = z.ZodType> {
  type: string;
  topic: string;
  source: string;
  schema: S;
  /** The Kafka key and CloudEvents subject: the customer id, so a customer's events stay ordered. */
  subject: (data: z.infer<S>) => string;
}

export type PayloadOf<C extends EventContract> = z.infer<C['schema']>;

export function defineEvent<S extends z.ZodType>(contract: EventContract<S>): EventContract<S> {
  return contract;
}
