import { SegmentMemberJoined, SegmentMemberLeft } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { EventPublisher } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { SegmentRepository, type SegmentRow } from './segment.repository';

/** How many customers joined and left in one sync. */
export interface MembershipDelta {
  joined: number;
  left: number;
}

/**
 * Keeps segment memberships true to their rules inside the caller's transaction, and publishes
 * each real change (joined or left) through the outbox in that same transaction: a sync that
 * changes nothing publishes nothing.
 */
@Injectable()
export class SegmentMembershipService {
  constructor(
    private readonly segments: SegmentRepository,
    private readonly events: EventPublisher,
  ) {}

  /**
   * Re-evaluates these customers against every segment: called wherever a customer's profile
   * changes (its attributes here, its churn score in churn risk's transaction).
   */
  async reevaluate(tx: Transaction, customerIds: readonly string[], at = new Date()): Promise<MembershipDelta> {
    const delta = { joined: 0, left: 0 };
    if (!customerIds.length) return delta;
    await this.segments.lockCustomers(tx, customerIds);
    for (const segment of await this.segments.all(tx)) {
      const d = await this.sync(tx, segment, customerIds, at);
      delta.joined += d.joined;
      delta.left += d.left;
    }
    return delta;
  }

  /** Syncs one segment for these customers, or for everyone (null): the full recompute, set-based. */
  async sync(tx: Transaction, segment: SegmentRow, customerIds: readonly string[] | null, at = new Date()): Promise<MembershipDelta> {
    const changes = await this.segments.sync(tx, segment, customerIds, at);
    const joined = changes.filter((c) => c.joined).map((c) => c.customerId);
    const left = changes.filter((c) => !c.joined).map((c) => c.customerId);
    await this.publish(tx, segment, joined, left, at);
    return { joined: joined.length, left: left.length };
  }

  /** Empties a segment that is going away: each member leaves, announced. */
  async empty(tx: Transaction, segment: SegmentRow, at = new Date()): Promise<number> {
    const left = await this.segments.removeAllMembers(tx, segment.id);
    await this.publish(tx, segment, [], left, at);
    return left.length;
  }

  private async publish(tx: Transaction, segment: SegmentRow, joined: string[], left: string[], at: Date): Promise<void> {
    const event = (customerId: string) => ({
      data: { segmentId: segment.id, segmentName: segment.name, customerId, at: at.toISOString() },
      time: at,
    });
    await this.events.publishMany(tx, SegmentMemberJoined, joined.map(event));
    await this.events.publishMany(tx, SegmentMemberLeft, left.map(event));
  }
}
