import type { CloudEvent } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import type { KafkaMessage } from 'kafkajs';
import { fromKafkaMessage, MalformedEventError } from './cloud-event-codec';
import type { ChunkScope, EventHandler } from './event-handler';

/** A message a group can apply, one it does not handle, or the reason it can never be applied. */
export type Decoded =
  | { message: KafkaMessage; event: CloudEvent; apply: (tx: Transaction, chunk?: ChunkScope) => Promise<void> }
  | { message: KafkaMessage; skip: true }
  | { message: KafkaMessage; reason: string; type: string; outcome: 'malformed' | 'invalid' };

export type Applicable = Extract<Decoded, { apply: unknown }>;

/** Decodes the CloudEvent a message carries and checks its data against the group's handler for its type. */
export function decode(message: KafkaMessage, handlers: ReadonlyMap<string, EventHandler>): Decoded {
  let event: CloudEvent;
  try {
    event = fromKafkaMessage(message);
  } catch (e) {
    if (!(e instanceof MalformedEventError)) throw e;
    return { message, reason: `malformed: ${e.message}`, type: 'unknown', outcome: 'malformed' };
  }
  const handler = handlers.get(event.type);
  if (!handler) return { message, skip: true }; // another event type on a shared topic
  const bound = handler.bind(event);
  if ('invalid' in bound) return { message, reason: bound.invalid, type: event.type, outcome: 'invalid' };
  return { message, event, apply: bound.apply };
}
