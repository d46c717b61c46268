import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import {
  CustomerCreated,
  CustomerDeleted,
  CustomerMerged,
  CustomerRestored,
  CustomerUpdatedV2,
  LoyaltyTierChanged,
  SegmentDefined,
  SegmentDeleted,
} from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { ConflictError, NotFoundError } from '@crm/domain';
import { EventPublisher, on, type EventHandler } from '@crm/events';
import { groupByKeys, isUuid, type ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { ConnectionArgs } from '@crm/graphql';
import type { CreateSegmentInput, UpdateSegmentInput } from './segment.input';
import { SegmentMembershipService, type MembershipDelta } from './segment-membership.service';
import { checkRule, parseRule, type Rule } from './segment-rule';
import { MEMBER_CURSORS, SEGMENT_CURSORS, SegmentRepository, type MemberRow, type SegmentRow } from './segment.repository';

/**
 * Segments: definitions written through the API (admins and marketing), each published as
 * SegmentDefined so a replay rebuilds them; memberships kept by SegmentMembershipService.
 */
@Injectable()
export class SegmentService {
  constructor(
    private readonly segments: SegmentRepository,
    private readonly membership: SegmentMembershipService,
    private readonly uow: UnitOfWork,
    private readonly events: EventPublisher,
  ) {}

  /** What segments keep of customers, and their own definitions; each change re-evaluates the customer. */
  handlers(): EventHandler[] {
    const s = this.segments;
    const then = (tx: Transaction, ...customerIds: string[]) => this.membership.reevaluate(tx, customerIds).then(() => undefined);
    return [
      on(CustomerCreated, async ({ data }, tx) => {
        await s.customerSeen(tx, data.customerId);
        // Events written before customer.created carried the customer know only that it exists.
        if (data.customer) await s.customerAttributes(tx, data.customerId, data.customer);
        await then(tx, data.customerId);
      }),
      on(CustomerUpdatedV2, async ({ data }, tx) => {
        await s.customerAttributes(tx, data.customerId, data.customer);
        await then(tx, data.customerId);
      }),
      on(CustomerDeleted, async ({ data }, tx) => {
        await s.customerDeleted(tx, data.customerId, true);
        await then(tx, data.customerId);
      }),
      on(CustomerRestored, async ({ data }, tx) => {
        await s.customerDeleted(tx, data.customerId, false);
        await then(tx, data.customerId);
      }),
      // The merged customer is gone for good: it leaves every segment; the survivor may now match more.
      on(CustomerMerged, async ({ data }, tx) => {
        await s.customerDeleted(tx, data.mergedId, true);
        await then(tx, data.mergedId, data.survivorId);
      }),
      on(LoyaltyTierChanged, async ({ data }, tx) => {
        await s.loyaltyTier(tx, data.customerId, data.to);
        await then(tx, data.customerId);
      }),
      // Analytics' own definitions: already applied live by the mutation (nothing to write), rebuilt on a replay.
      on(SegmentDefined, async ({ data }, tx) => {
        const rule = checkRule(data.rule);
        await s.lockDefinitions(tx);
        const wrote = await s.define(tx, { ...data, id: data.segmentId, rule, definedAt: new Date(data.definedAt) });
        const segment = wrote ? await s.lock(tx, data.segmentId) : null;
        if (segment) await this.membership.sync(tx, segment, null);
      }),
      on(SegmentDeleted, async ({ data }, tx) => {
        await s.lockDefinitions(tx);
        const segment = await s.lock(tx, data.segmentId);
        if (!segment) return;
        await this.membership.empty(tx, segment);
        await s.remove(tx, segment.id);
      }),
    ];
  }

  async create(caller: Identity, input: CreateSegmentInput): Promise<SegmentRow> {
    const rule = parseRule(input.rule);
    return this.uow.run(caller, async (tx) => {
      await this.segments.lockDefinitions(tx);
      await this.nameFree(tx, input.name, null);
      const id = randomUUID();
      await this.define(tx, caller, { id, name: input.name, description: input.description ?? null, rule }, new Date());
      const segment = (await this.segments.lock(tx, id))!;
      await this.membership.sync(tx, segment, null);
      return segment;
    });
  }

  async update(caller: Identity, input: UpdateSegmentInput): Promise<SegmentRow> {
    const rule = input.rule === undefined ? undefined : parseRule(input.rule);
    return this.uow.run(caller, async (tx) => {
      const current = await this.found(tx, input.id);
      if (input.name !== undefined) await this.nameFree(tx, input.name, current.id);
      const next = {
        id: current.id,
        name: input.name ?? current.name,
        description: input.description === undefined ? current.description : input.description,
        rule: rule ?? current.rule,
      };
      // A definition's time only moves forward, so the consumer's "later wins" keeps the latest.
      const at = new Date(Math.max(Date.now(), current.defined_at.getTime() + 1));
      await this.define(tx, caller, next, at);
      const segment = (await this.segments.lock(tx, current.id))!;
      if (rule) await this.membership.sync(tx, segment, null);
      return segment;
    });
  }

  /** Deletes the segment; every member leaves it first, announced. Answers the segment as it was. */
  async delete(caller: Identity, id: string): Promise<SegmentRow> {
    return this.uow.run(caller, async (tx) => {
      const segment = await this.found(tx, id);
      const at = new Date();
      await this.membership.empty(tx, segment, at);
      await this.segments.remove(tx, id);
      await this.events.publish(tx, SegmentDeleted, { segmentId: id, deletedBy: caller.userId, deletedAt: at.toISOString() }, at);
      return segment;
    });
  }

  /** Recomputes the whole segment in SQL; only real changes are stored and announced. */
  async recompute(caller: Identity, id: string): Promise<{ segment: SegmentRow } & MembershipDelta> {
    return this.uow.run(caller, async (tx) => {
      const segment = await this.found(tx, id);
      return { segment, ...(await this.membership.sync(tx, segment, null)) };
    });
  }

  // Reads.

  async byIds(ids: readonly string[]): Promise<(SegmentRow | null)[]> {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await this.segments.byIds(valid) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  page(args: ConnectionArgs): Promise<ConnectionShape<SegmentRow>> {
    return SEGMENT_CURSORS.page({ ...args, sort: 'NAME' }, (q) => this.segments.page(q.after, q.limit));
  }

  members(segmentId: string, args: ConnectionArgs): Promise<ConnectionShape<MemberRow>> {
    return MEMBER_CURSORS.page({ ...args, sort: 'CUSTOMER' }, (q) => this.segments.members(segmentId, q.after, q.limit));
  }

  async memberCounts(segmentIds: readonly string[]): Promise<number[]> {
    const counts = await this.segments.memberCounts(segmentIds);
    return segmentIds.map((id) => counts.get(id) ?? 0);
  }

  /** For DataLoader: each customer's segments by name. */
  async segmentsOf(customerIds: readonly string[]): Promise<SegmentRow[][]> {
    const ids = customerIds.filter(isUuid);
    const rows = ids.length ? await this.segments.segmentsOf(ids) : [];
    return groupByKeys(customerIds, rows, (r) => r.customer_id);
  }

  /** Update, delete and recompute find the segment first: that is where they take the definitions lock. */
  private async found(tx: Transaction, id: string): Promise<SegmentRow> {
    await this.segments.lockDefinitions(tx);
    const segment = await this.segments.lock(tx, id);
    if (!segment) throw new NotFoundError('Segment', id, 'id');
    return segment;
  }

  private async nameFree(tx: Transaction, name: string, exceptId: string | null): Promise<void> {
    if (await this.segments.nameTaken(tx, name, exceptId)) throw new ConflictError('name', `a segment named ${name} exists already`);
  }

  /** Writes the definition and announces it in the same transaction. */
  private async define(
    tx: Transaction,
    caller: Identity,
    s: { id: string; name: string; description: string | null; rule: Rule },
    at: Date,
  ): Promise<void> {
    await this.segments.define(tx, { ...s, definedBy: caller.userId, definedAt: at });
    await this.events.publish(
      tx,
      SegmentDefined,
      {
        segmentId: s.id,
        name: s.name,
        description: s.description,
        rule: s.rule,
        definedBy: caller.userId,
        definedAt: at.toISOString(),
      },
      at,
    );
  }
}

/** The contracts segments are built from (building the handlers touches nothing, so no collaborator is needed to list them). */
export const SEGMENT_CONTRACTS = new SegmentService(null as never, null as never, null as never, null as never)
  .handlers()
  .map((h) => h.contract);
