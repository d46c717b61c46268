import type { CloudEvent } from '@crm/contracts';

/**
 * Where an event stands in its producer's history: the producer (CloudEvents `source`), its commit
 * order there (the `sequence`, none on events published before it existed) and its business time.
 */
export interface EventPosition {
  producer: string;
  sequence: string | null;
  at: Date;
}

/** The position of an event whose business time is `at` (the event's own time unless given). */
export const positionOf = (e: CloudEvent, at: Date = new Date(e.time)): EventPosition => ({
  producer: e.source,
  sequence: e.sequence ?? null,
  at,
});

/** SQL expressions (columns or parameters) of a position. */
export interface PositionSql {
  producer: string;
  sequence: string;
  at: string;
}

/**
 * SQL: the event at `a` came no later than the one at `b`. By commit order when both carry a
 * sequence of the same producer: business time can be back-dated, and one record's events can
 * travel on several partitions (an opportunity is keyed by its customer, which may change), so it
 * says nothing of which is newer. Otherwise (an event from before sequences, or two producers,
 * whose counters do not compare) by business time, as the warehouse did before.
 */
export const notAfter = (a: PositionSql, b: PositionSql): string =>
  `(CASE WHEN ${a.sequence} IS NOT NULL AND ${b.sequence} IS NOT NULL AND ${a.producer} = ${b.producer}
     THEN ${a.sequence} <= ${b.sequence} ELSE ${a.at} <= ${b.at} END)`;
