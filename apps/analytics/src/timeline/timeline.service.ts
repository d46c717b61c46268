import { CustomerMerged, type CloudEvent, type PayloadOf } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { inRuns, type ChunkScope } from '@crm/events';
import { groupByKeys, isUuid, pageSize, toConnection, type ConnectionShape } from '@crm/graphql';
import { LOGGER, type Logger } from '@crm/observability';
import { Inject, Injectable } from '@nestjs/common';
import type { CustomerMetricsEntity } from './customer-metrics.entity';
import type { TimelineEntryEntity } from './timeline-entry.entity';
import { timelineFactOf } from './timeline-summary';
import type { TimelineArgs } from './timeline.input';
import { TIMELINE_CURSORS, TimelineRepository, type TimelineKeyset } from './timeline.repository';

const cursorOf = (e: TimelineKeyset): string => TIMELINE_CURSORS.encode('NEWEST_FIRST', e);
const decodeAfter = (after: string | undefined): TimelineKeyset | null => (after ? TIMELINE_CURSORS.decode('NEWEST_FIRST', after) : null);

/** What a chunk's events do to the timeline, in their order: an entry to insert, or a merge to follow. */
type TimelineWrite = TimelineEntryEntity | { mergedId: string; survivorId: string; mergedAt: Date };
const isEntry = (w: TimelineWrite): w is TimelineEntryEntity => 'id' in w;

@Injectable()
export class TimelineService {
  constructor(
    private readonly timeline: TimelineRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Applies one event inside the consumer's transaction: an interaction with a customer becomes a
   * timeline entry and moves the customer's metrics; anything else changes nothing. The entry is
   * written at the end of the chunk, with the chunk's other entries, in one statement (one
   * statement per event was most of the consumer's cost).
   */
  async apply(event: CloudEvent, tx: Transaction, chunk: ChunkScope): Promise<void> {
    const fact = timelineFactOf(event);
    if (!fact) return;
    const occurredAt = this.occurredAt(event);
    if (!occurredAt) return;
    this.write(tx, chunk, {
      id: event.id,
      customerId: fact.customerId,
      occurredAt,
      type: fact.type,
      source: fact.source,
      summary: fact.summary,
      linkType: fact.link.type,
      linkId: fact.link.id,
    });
  }

  /**
   * A merge moves the merged customer's rows to the survivor, then is one more entry of the
   * survivor's timeline. It is written in its place among the chunk's entries: those before it are
   * inserted first and move with the merged customer; those after it find the alias.
   */
  async applyMerge(event: CloudEvent<PayloadOf<typeof CustomerMerged>>, tx: Transaction, chunk: ChunkScope): Promise<void> {
    const mergedAt = this.occurredAt(event);
    if (!mergedAt) return;
    this.write(tx, chunk, { mergedId: event.data.mergedId, survivorId: event.data.survivorId, mergedAt });
    await this.apply(event, tx, chunk);
  }

  private write(tx: Transaction, chunk: ChunkScope, w: TimelineWrite): void {
    chunk.defer('timeline', w, (writes) => {
      const now = new Date();
      return inRuns(
        writes,
        isEntry,
        (entries) => this.timeline.recordAll(tx, entries, now),
        async (m) => void (await this.timeline.mergeCustomer(tx, m.mergedId, m.survivorId, m.mergedAt, now)),
      );
    });
  }

  private occurredAt(event: CloudEvent): Date | null {
    const at = new Date(event.time);
    if (!Number.isNaN(at.getTime())) return at;
    this.logger.error({ eventId: event.id, type: event.type, time: event.time }, 'skipping an event whose time is not a date');
    return null;
  }

  /** For DataLoader: each customer's metrics row, null for a customer without events. */
  async metricsByCustomerIds(customerIds: readonly string[]): Promise<(CustomerMetricsEntity | null)[]> {
    // An id that is not a UUID names no customer, and must not fail the rest of the batch.
    const ids = customerIds.filter(isUuid);
    const rows = ids.length ? await this.timeline.metricsByCustomerIds(ids) : [];
    const byId = new Map(rows.map((m) => [m.customerId, m]));
    return customerIds.map((id) => byId.get(id) ?? null);
  }

  /** For DataLoader: one timeline page per customer, all customers sharing the same page arguments, in one statement. */
  async pagesByCustomerIds(
    customerIds: readonly string[],
    size: number,
    after: string | undefined,
  ): Promise<ConnectionShape<TimelineEntryEntity>[]> {
    const keyset = decodeAfter(after);
    const ids = customerIds.filter(isUuid);
    const rows = ids.length ? await this.timeline.newestByCustomerIds(ids, size + 1, keyset) : [];
    return groupByKeys(customerIds, rows, (e) => e.customerId).map((list) => toConnection(list, size, cursorOf, (e) => e));
  }

  /** A page of every customer's interactions, newest first. */
  async page(args: TimelineArgs): Promise<ConnectionShape<TimelineEntryEntity>> {
    const size = pageSize(args.first);
    const rows = await this.timeline.page(args.filter ?? {}, decodeAfter(args.after), size + 1);
    return toConnection(rows, size, cursorOf, (e) => e);
  }
}
