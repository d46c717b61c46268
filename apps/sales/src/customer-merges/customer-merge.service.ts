import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { CustomerMerged } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { groupByKeys } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { OpportunityService } from '../opportunities/opportunity.service';
import { ContactRepository } from '../customers/contact.repository';
import { ActivityService } from '../activities/activity.service';
import type { CustomerMergeEntity, MergedRows } from '../customers/customer-merge.entity';
import { CustomerMergeRepository } from '../customers/customer-merge.repository';
import type { CustomerEntity } from '../customers/customer.entity';
import { CustomerRepository } from '../customers/customer.repository';
import { refuseUnassigned } from '../customers/unassigned-account.service';

/** One kind of row a merge hands to the survivor: where its ids go in the audit, and how to move them. */
interface MergeStep {
  moved: keyof MergedRows;
  move(tx: Transaction, fromCustomerId: string, toCustomerId: string): Promise<string[]>;
}

@Injectable()
export class CustomerMergeService {
  /** Everything that belongs to a customer by its id. A new kind of customer row adds its step here. */
  private readonly steps: MergeStep[] = [
    { moved: 'contactIds', move: (tx, from, to) => this.contacts.moveToCustomer(tx, from, to) },
    { moved: 'opportunityIds', move: (tx, from, to) => this.opportunities.moveToCustomer(tx, from, to) },
    { moved: 'activityIds', move: (tx, from, to) => this.activities.reassignCustomer(tx, from, to) },
  ];

  constructor(
    private readonly uow: UnitOfWork,
    private readonly customers: CustomerRepository,
    private readonly contacts: ContactRepository,
    private readonly opportunities: OpportunityService,
    private readonly activities: ActivityService,
    private readonly merges: CustomerMergeRepository,
    private readonly events: EventPublisher,
  ) {}

  /**
   * Merges `mergedId` into `survivorId`: moves its rows, soft-deletes it for good, records the audit
   * and publishes customer.merged, in one transaction. Any refusal writes nothing.
   */
  merge(survivorId: string, mergedId: string, who: Identity): Promise<{ merge: CustomerMergeEntity; survivor: CustomerEntity }> {
    if (survivorId === mergedId) throw new InvalidError('mergedId', 'is the survivor itself: a customer cannot be merged into itself');
    refuseUnassigned(survivorId, 'survivorId');
    refuseUnassigned(mergedId, 'mergedId');
    return this.uow.run(who, async (tx) => {
      // Both rows locked, always in the same order, so two merges of the same pair cannot deadlock.
      const [first, second] = [survivorId, mergedId].sort();
      const locked = new Map<string, CustomerEntity | null>();
      locked.set(first!, await this.customers.findByIdForUpdate(tx, first!, true));
      locked.set(second!, await this.customers.findByIdForUpdate(tx, second!, true));
      const survivor = await this.live(tx, locked.get(survivorId) ?? null, survivorId, 'survivorId');
      await this.live(tx, locked.get(mergedId) ?? null, mergedId, 'mergedId');

      const moved: MergedRows = { contactIds: [], opportunityIds: [], activityIds: [] };
      for (const step of this.steps) moved[step.moved] = await step.move(tx, mergedId, survivorId);
      const mergedAt = new Date();
      await this.customers.setDeletedAt(tx, mergedId, mergedAt);
      const merge: CustomerMergeEntity = { id: randomUUID(), survivorId, mergedId, moved, mergedBy: who.userId, mergedAt };
      await this.merges.insert(tx, merge);
      await this.events.publish(tx, CustomerMerged, {
        mergeId: merge.id,
        survivorId,
        mergedId,
        moved,
        mergedBy: merge.mergedBy,
        mergedAt: mergedAt.toISOString(),
      });
      return { merge, survivor };
    });
  }

  /** The customer, when it is live; otherwise why it cannot take part in a merge. */
  private async live(tx: Transaction, customer: CustomerEntity | null, id: string, field: string): Promise<CustomerEntity> {
    if (customer && !customer.deletedAt) return customer;
    const merged = customer ? await this.merges.findByMergedId(tx, id) : null;
    if (merged) throw new InvalidError(field, `was already merged into customer ${merged.survivorId}`);
    // A soft-deleted customer is gone from every lookup: restore it first.
    throw new NotFoundError('Customer', id);
  }

  /** For DataLoader: the merges into each customer, newest first. */
  async intoCustomers(customerIds: readonly string[]): Promise<CustomerMergeEntity[][]> {
    return groupByKeys(customerIds, await this.merges.intoCustomers(customerIds), (m) => m.survivorId);
  }
}
