import type { TopicSpec } from '@crm/contracts';

export interface EventsOptions {
  brokers: string[];
  clientId: string;
  /** Topics this service writes; provisioned before it serves. */
  produces: TopicSpec[];
  /** Topics it reads; provisioned too, so a consumer never waits on another service's first boot. */
  consumes: TopicSpec[];
  /** Idle poll interval of the outbox relay. */
  pollMs: number;
}

export const EVENTS_OPTIONS = Symbol('EVENTS_OPTIONS');
export const KAFKA = Symbol('KAFKA');
