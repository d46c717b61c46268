import type { CloudEvent, EventContract, PayloadOf } from '@crm/contracts';
import type { Transaction } from '@crm/database';

/** What a handler receives: the envelope with its data already checked against the contract. */
export type TypedEvent<C extends EventContract> = CloudEvent<PayloadOf<C>>;

/**
 * What the events applied in one transaction share. `defer(key, item, flush)` collects `item`
 * under `key`; once every event of the chunk has run its own statements, `flush` runs once with
 * all the items, in the same transaction. For work that is the same whichever event asked first,
 * e.g. rescoring a customer: once per chunk instead of once per event. Keys flush in the order
 * they were first deferred. A chunk that failed is applied one event per transaction, so each
 * event's deferred work then runs on its own.
 */
export interface ChunkScope {
  defer<T>(key: string, item: T, flush: (items: T[]) => Promise<void>): void;
}

/** A ChunkScope and the flush of what its events deferred; the runner makes one per transaction. */
export function chunkScope(): ChunkScope & { flush(): Promise<void> } {
  const deferred = new Map<string, { items: unknown[]; flush: (items: unknown[]) => Promise<void> }>();
  return {
    defer<T>(key: string, item: T, flush: (items: T[]) => Promise<void>) {
      const d = deferred.get(key);
      if (d) d.items.push(item);
      else deferred.set(key, { items: [item], flush: flush as (items: unknown[]) => Promise<void> });
    },
    async flush() {
      // A flush may defer more work (under another key): the loop reaches it too.
      for (const [key, d] of deferred) {
        deferred.delete(key);
        await d.flush(d.items);
      }
    },
  };
}

/**
 * Applies a handler's deferred `items` in their order: each run of consecutive items that `batch`
 * takes as one (`isBatched`) in one call, any other item on its own with `one`. For chunk-wide
 * writes whose handler also has work that must stay in order with them (a customer merge between
 * two timeline inserts, an activity completed after it was created): the writes are batched, the
 * order of each entity's changes is kept.
 */
export async function inRuns<T, B extends T>(
  items: T[],
  isBatched: (item: T) => item is B,
  batch: (run: B[]) => Promise<void>,
  one: (item: Exclude<T, B>) => Promise<void>,
): Promise<void> {
  let run: B[] = [];
  for (const item of items) {
    if (isBatched(item)) {
      run.push(item);
      continue;
    }
    if (run.length) await batch(run);
    run = [];
    await one(item as Exclude<T, B>);
  }
  if (run.length) await batch(run);
}

/** An event checked against its contract, ready to apply; or why it breaks the contract. */
export type Bound = { apply: (tx: Transaction, chunk?: ChunkScope) => Promise<void> } | { invalid: string };

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
export function on<C extends EventContract>(
  contract: C,
  handle: (event: TypedEvent<C>, tx: Transaction, chunk: ChunkScope) => Promise<void>,
): EventHandler {
  return {
    contract,
    bind(event) {
      const parsed = (contract.schema as C['schema']).safeParse(event.data);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; ');
        return { invalid: `invalid ${event.type}: ${issues}` };
      }
      const typed: TypedEvent<C> = { ...event, data: parsed.data };
      return {
        apply: async (tx, chunk) => {
          // Applied on its own (a test, a tool): the event's deferred work runs right after it.
          if (chunk) return handle(typed, tx, chunk);
          const own = chunkScope();
          await handle(typed, tx, own);
          await own.flush();
        },
      };
    },
  };
}
