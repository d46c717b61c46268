import { OwnedByService } from '../users/owned-by';
import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { ActivityCompleted, ActivityCreated, ActivityDeleted, ActivityReopened, ActivityUpdated, type PayloadOf } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { groupByKeys, type ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { notBefore, occurredAt } from '../history/occurred-at';
import type { ActivityEntity } from './activity.entity';
import type { ActivitiesArgs, LogActivityInput, UpdateActivityInput } from './activity.input';
import { ACTIVITY_CURSORS, ActivityRepository, type ActivityPatch } from './activity.repository';

/** Activities listed on a customer, contact or opportunity: the newest ones; page with `activities(filter: ...)` for more. */
export const ACTIVITIES_PER_CUSTOMER = 50;

/** The fields every activity event carries. */
export function activityPayload(a: ActivityEntity): Omit<PayloadOf<typeof ActivityUpdated>, 'changed' | 'updatedAt'> {
  return {
    activityId: a.id,
    customerId: a.customerId,
    contactId: a.contactId,
    opportunityId: a.opportunityId,
    type: a.type,
    subject: a.subject,
    ownerId: a.ownerId,
    dueAt: a.dueAt?.toISOString() ?? null,
    remindAt: a.remindAt?.toISOString() ?? null,
  };
}

function checkReminder(dueAt: Date | null, remindAt: Date | null): void {
  if (dueAt && remindAt && remindAt.getTime() > dueAt.getTime()) throw new InvalidError('remindAt', 'must not be after dueAt');
}

@Injectable()
export class ActivityService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly activities: ActivityRepository,
    private readonly events: EventPublisher,
    private readonly owners: OwnedByService,
  ) {}

  /**
   * The customer an activity is on: the one every given target belongs to. No target at all, or targets of different
   * customers, is the caller's mistake; a target that does not exist is NOT_FOUND.
   */
  private async customerOfTargets(tx: Transaction, input: LogActivityInput): Promise<string> {
    const found: [field: string, customerId: string][] = [];
    if (input.customerId) {
      const c = await this.activities.customerOfCustomer(tx, input.customerId);
      if (!c) throw new NotFoundError('Customer', input.customerId);
      found.push(['customerId', c]);
    }
    if (input.contactId) {
      const c = await this.activities.customerOfContact(tx, input.contactId);
      if (!c) throw new NotFoundError('Contact', input.contactId);
      found.push(['contactId', c]);
    }
    if (input.opportunityId) {
      const c = await this.activities.customerOfOpportunity(tx, input.opportunityId);
      if (!c) throw new NotFoundError('Opportunity', input.opportunityId);
      found.push(['opportunityId', c]);
    }
    const [first, ...rest] = found;
    if (!first) throw new InvalidError('customerId', 'give a customerId, contactId or opportunityId to log the activity against');
    const other = rest.find(([, c]) => c !== first[1]);
    if (other) throw new InvalidError(other[0], `belongs to another customer than ${first[0]}`);
    return first[1];
  }

  log(caller: Identity, input: LogActivityInput): Promise<ActivityEntity> {
    checkReminder(input.dueAt ?? null, input.remindAt ?? null);
    const userId = caller.userId;
    const at = occurredAt(caller, input.occurredAt, 'occurredAt');
    return this.uow.run(caller, async (tx) => {
      const customerId = await this.customerOfTargets(tx, input);
      const now = new Date();
      const activity: ActivityEntity = {
        id: randomUUID(),
        type: input.type,
        subject: input.subject,
        notes: input.notes ?? null,
        customerId,
        contactId: input.contactId ?? null,
        opportunityId: input.opportunityId ?? null,
        leadId: null,
        ownerId: input.ownerId ?? userId,
        dueAt: input.dueAt ?? null,
        remindAt: input.remindAt ?? null,
        completedAt: input.completed ? at : null,
        completedBy: input.completed ? userId : null,
        createdBy: userId,
        followUpWindow: null,
        createdAt: at,
        updatedAt: now,
      };
      await this.activities.insert(tx, activity);
      await this.events.publish(
        tx,
        ActivityCreated,
        { ...activityPayload(activity), automated: false, createdBy: userId, createdAt: at.toISOString() },
        at,
      );
      if (activity.completedAt) {
        await this.events.publish(
          tx,
          ActivityCompleted,
          { ...activityPayload(activity), completedBy: userId, completedAt: at.toISOString() },
          at,
        );
      }
      return activity;
    });
  }

  update(caller: Identity, input: UpdateActivityInput): Promise<ActivityEntity> {
    return this.uow.run(caller, async (tx) => {
      const existing = await this.activities.findByIdForUpdate(tx, input.id);
      if (!existing) throw new NotFoundError('Activity', input.id);
      const patch: ActivityPatch = {};
      if (input.type != null && input.type !== existing.type) patch.type = input.type;
      if (input.subject != null && input.subject !== existing.subject) patch.subject = input.subject;
      if (input.notes !== undefined && input.notes !== existing.notes) patch.notes = input.notes;
      if (input.ownerId !== undefined && input.ownerId !== existing.ownerId) patch.ownerId = input.ownerId;
      const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
      if (input.dueAt !== undefined && !sameTime(input.dueAt, existing.dueAt)) patch.dueAt = input.dueAt;
      if (input.remindAt !== undefined && !sameTime(input.remindAt, existing.remindAt)) patch.remindAt = input.remindAt;
      checkReminder(
        patch.dueAt !== undefined ? patch.dueAt : existing.dueAt,
        patch.remindAt !== undefined ? patch.remindAt : existing.remindAt,
      );
      const changed = Object.keys(patch);
      if (changed.length === 0) return existing;
      const updatedAt = new Date();
      await this.activities.update(tx, existing.id, { ...patch, updatedAt });
      const updated = { ...existing, ...patch, updatedAt };
      await this.events.publish(tx, ActivityUpdated, { ...activityPayload(updated), changed, updatedAt: updatedAt.toISOString() });
      return updated;
    });
  }

  /** Marks it done by the caller; completing a completed activity changes nothing and publishes nothing. */
  complete(caller: Identity, id: string, requestedAt?: Date | null): Promise<ActivityEntity> {
    const at = occurredAt(caller, requestedAt, 'occurredAt');
    return this.uow.run(caller, async (tx) => {
      const existing = await this.activities.findByIdForUpdate(tx, id);
      if (!existing) throw new NotFoundError('Activity', id);
      if (existing.completedAt) return existing;
      notBefore(at, existing.createdAt, 'occurredAt', 'time the activity was logged');
      const now = new Date();
      const completedBy = caller.userId;
      await this.activities.update(tx, id, { completedAt: at, completedBy, updatedAt: now });
      const updated = { ...existing, completedAt: at, completedBy, updatedAt: now };
      await this.events.publish(tx, ActivityCompleted, { ...activityPayload(updated), completedBy, completedAt: at.toISOString() }, at);
      return updated;
    });
  }

  /** Opens a completed activity again; reopening an open one changes nothing. */
  reopen(caller: Identity, id: string): Promise<ActivityEntity> {
    return this.uow.run(caller, async (tx) => {
      const existing = await this.activities.findByIdForUpdate(tx, id);
      if (!existing) throw new NotFoundError('Activity', id);
      if (!existing.completedAt) return existing;
      const now = new Date();
      await this.activities.update(tx, id, { completedAt: null, completedBy: null, updatedAt: now });
      const updated = { ...existing, completedAt: null, completedBy: null, updatedAt: now };
      await this.events.publish(tx, ActivityReopened, { ...activityPayload(updated), reopenedAt: now.toISOString() });
      return updated;
    });
  }

  delete(caller: Identity, id: string): Promise<ActivityEntity> {
    return this.uow.run(caller, async (tx) => {
      const existing = await this.activities.findByIdForUpdate(tx, id);
      if (!existing) throw new NotFoundError('Activity', id);
      await this.activities.delete(tx, id);
      await this.events.publish(tx, ActivityDeleted, {
        activityId: id,
        customerId: existing.customerId,
        deletedAt: new Date().toISOString(),
      });
      return existing;
    });
  }

  /**
   * For mergeCustomers: moves every activity of the merged customer to the survivor, inside the merge's transaction;
   * answers the ids moved. Publishes nothing: the merge's own event tells the others.
   */
  reassignCustomer(tx: Transaction, fromCustomerId: string, toCustomerId: string): Promise<string[]> {
    return this.activities.reassignCustomer(tx, fromCustomerId, toCustomerId);
  }

  findById(id: string): Promise<ActivityEntity | null> {
    return this.activities.findById(id);
  }

  async page(caller: Identity, args: ActivitiesArgs): Promise<ConnectionShape<ActivityEntity>> {
    const ownerIn = await this.owners.ownerIds(caller, args.filter?.ownedBy);
    return ACTIVITY_CURSORS.page(args, (q) => this.activities.page({ ...q, filter: args.filter ?? {}, ownerIn }));
  }

  async byContactIds(contactIds: readonly string[]): Promise<ActivityEntity[][]> {
    const rows = await this.activities.newestBy('contact_id', contactIds, ACTIVITIES_PER_CUSTOMER);
    return groupByKeys(contactIds, rows, (a) => a.contactId!);
  }

  async byOpportunityIds(opportunityIds: readonly string[]): Promise<ActivityEntity[][]> {
    const rows = await this.activities.newestBy('opportunity_id', opportunityIds, ACTIVITIES_PER_CUSTOMER);
    return groupByKeys(opportunityIds, rows, (a) => a.opportunityId!);
  }

  async byCustomerIds(customerIds: readonly string[]): Promise<ActivityEntity[][]> {
    const rows = await this.activities.newestByCustomerIds(customerIds, ACTIVITIES_PER_CUSTOMER);
    return groupByKeys(customerIds, rows, (a) => a.customerId);
  }
}
