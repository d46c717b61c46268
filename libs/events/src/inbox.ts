import type { Transaction } from '@crm/database';

/**
 * Records events in a consumer's inbox, in the transaction that applies them, and returns the ids
 * that were not there yet: only those are applied, so a redelivered (or redriven) event changes
 * nothing. One statement for any number of events; rows keep the order given.
 */
export async function claimInbox(tx: Transaction, consumer: string, events: { id: string; type: string }[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const inserted = await tx.manager.query<{ event_id: string }[]>(
    `INSERT INTO inbox (consumer, event_id, type)
     SELECT $1, e.id, e.type FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS e(id, type, n) ORDER BY e.n
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, events.map((e) => e.id), events.map((e) => e.type)],
  );
  return new Set(inserted.map((r) => r.event_id));
}
