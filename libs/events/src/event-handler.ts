import type { CloudEvent, EventContract, PayloadOf } from '@crm/contracts';
import type { Transaction } from '@crm/database';

/** What a handler receives: the envelope with its data already checked against the contract. */
export type TypedEvent<C extends EventContract> = CloudEvent<PayloadOf<C>>;

/** An event checked against its contract, ready to apply; or why it breaks the contract. */
export type Bound = { apply: (tx: Transaction) => Promise<void> } | { invalid: string };

/** One contract a consumer group applies, and how; built by `on`. */
export interface EventHandler {
  readonly contract: EventContract;
  /** Parses `event.data` with the contract's schema and binds the typed event to the handler. */
  bind(event: CloudEvent): Bound;
}

/**
 * Subscribes a handler to one contract: `on(LeadConverted, (event, tx) => ...)`. The handler sees
 * `event.data` typed by the contract and parsed by its schema (so a payload that breaks it never
 * reaches the handler), which is why consumers never cast.
 */
export function on<C extends EventContract>(contract: C, handle: (event: TypedEvent<C>, tx: Transaction) => Promise<void>): EventHandler {
  return {
    contract,
    bind(event) {
      const parsed = (contract.schema as C['schema']).safeParse(event.data);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; ');
        return { invalid: `invalid ${event.type}: ${issues}` };
      }
      const typed: TypedEvent<C> = { ...event, data: parsed.data };
      return { apply: (tx) => handle(typed, tx) };
    },
  };
}
