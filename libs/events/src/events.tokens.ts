import type { TopicSpec } from '@crm/contracts';

export interface EventsOptions {
  brokers: string[];
  clientId: string;
  /** Topics this service writes; provisioned before it serves. */
  produces: TopicSpec[];
  /** Topics it reads; provisioned too (with their `.dlq`), so a consumer never waits on another service's first boot. */
  consumes: TopicSpec[];
  /** Fallback poll interval of the outbox relay; LISTEN/NOTIFY wakes it sooner. */
  pollMs: number;
  /** Rows published longer ago than this are deleted from the outbox. Default 7 days. */
  outboxRetentionMs?: number;
  /** False runs no relay in this process (a replay, or a service that writes no events). Default true. */
  relay?: boolean;
  /** Attempts at an event whose handler throws before it goes to `<topic>.dlq`. Default 5. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt. Default 100 ms. */
  retryBackoffMs?: number;
  /** Consumer group session timeout: how soon a dead consumer's partitions move to a live one. Default 10 s. */
  sessionTimeoutMs?: number;
  /** Appended to every group id: a replay reads from the beginning under a group of its own. */
  groupIdSuffix?: string;
}

/** EventsOptions with every default applied. */
export type ResolvedEventsOptions = Required<EventsOptions>;

export function resolveEventsOptions(o: EventsOptions): ResolvedEventsOptions {
  return {
    outboxRetentionMs: 7 * 24 * 3600_000,
    relay: true,
    maxAttempts: 5,
    retryBackoffMs: 100,
    sessionTimeoutMs: 10_000,
    groupIdSuffix: '',
    ...o,
  };
}

export const EVENTS_OPTIONS = Symbol('EVENTS_OPTIONS');
export const KAFKA = Symbol('KAFKA');
