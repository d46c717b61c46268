import type { Identity } from '@crm/auth';
import { randomUUID } from 'node:crypto';
import { changesOf, CustomerCreated, CustomerDeleted, CustomerRestored, CustomerUpdatedV2, type PayloadOf } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { type ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { occurredAt } from '../history/occurred-at';
import { accountColumns, EMPTY_ACCOUNT, type AccountColumns } from './account-profile';
import { AccountHierarchyService } from './account-hierarchy.service';
import { refuseUnassigned } from './unassigned-account.service';
import { CustomerMergeRepository } from './customer-merge.repository';
import type { CustomerEntity } from './customer.entity';
import {
  type CreateCustomerInput,
  type CustomerDuplicatesArgs,
  type CustomerSearchArgs,
  type CustomersArgs,
  type UpdateCustomerInput,
} from './customer.input';
import { CustomerSearchField } from './customer.object';
import { CUSTOMER_CURSORS, CustomerRepository, customerCursor } from './customer.repository';
import { OwnedByService } from '../users/owned-by';

type CustomerPatch = Pick<
  CustomerEntity,
  'name' | 'kind' | 'domain' | 'tier' | 'ownerId' | 'tags' | 'industry' | 'size' | 'website' | 'lifecycleStage'
> &
  AccountColumns;

/** Whether an account column keeps its value: "10" and "10.0000" are one annual revenue. */
const sameValue = (field: string, a: unknown, b: unknown): boolean =>
  a === b || (field === 'annualRevenue' && typeof a === 'string' && typeof b === 'string' && new Decimal(a).equals(b));

const SCALAR_FIELDS = ['name', 'kind', 'domain', 'tier', 'ownerId', 'industry', 'size', 'website', 'lifecycleStage'] as const;
const NULLABLE = new Set<string>(['domain', 'tier', 'ownerId', 'industry', 'size', 'website']);

/** The customer as CustomerUpdatedV2 carries it: the attributes analytics keeps as dimensions. */
export const customerSnapshot = (c: CustomerEntity): PayloadOf<typeof CustomerUpdatedV2>['customer'] => ({
  name: c.name,
  kind: c.kind,
  domain: c.domain,
  tier: c.tier,
  lifecycleStage: c.lifecycleStage,
  industry: c.industry,
  size: c.size,
  country: c.country,
  region: c.region,
  ownerId: c.ownerId,
  parentId: c.parentId,
  tags: c.tags,
  employeeCount: c.employeeCount,
  annualRevenue: c.annualRevenue && c.annualRevenueCurrency ? { amount: c.annualRevenue, currency: c.annualRevenueCurrency } : null,
});

/** Candidates a user can review; a match list longer than this means the query is too broad to be useful. */
export const DUPLICATES_MAX = 20;

@Injectable()
export class CustomerService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly customers: CustomerRepository,
    private readonly events: EventPublisher,
    private readonly merges: CustomerMergeRepository,
    private readonly hierarchy: AccountHierarchyService,
    private readonly owners: OwnedByService,
  ) {}

  create(caller: Identity, input: CreateCustomerInput): Promise<CustomerEntity> {
    const createdAt = occurredAt(caller, input.occurredAt, 'occurredAt');
    const now = new Date();
    const customer: CustomerEntity = {
      ...EMPTY_ACCOUNT,
      ...accountColumns(input, now),
      id: randomUUID(),
      name: input.name,
      kind: input.kind,
      domain: input.domain ?? null,
      tier: input.tier ?? null,
      ownerId: input.ownerId ?? null,
      tags: input.tags ?? [],
      industry: input.industry ?? null,
      size: input.size ?? null,
      website: input.website ?? null,
      lifecycleStage: input.lifecycleStage,
      createdAt,
      updatedAt: now,
      deletedAt: null,
    };
    return this.uow.run(caller, async (tx) => {
      if (customer.parentId) await this.hierarchy.checkParent(tx, null, customer.parentId);
      await this.customers.insert(tx, customer);
      await this.events.publish(
        tx,
        CustomerCreated,
        {
          customerId: customer.id,
          name: customer.name,
          kind: customer.kind,
          tier: customer.tier,
          customer: customerSnapshot(customer),
          createdAt: createdAt.toISOString(),
        },
        createdAt,
      );
      return customer;
    });
  }

  update(caller: Identity, input: UpdateCustomerInput): Promise<CustomerEntity> {
    return this.uow.run(caller, async (tx) => {
      const existing = await this.customers.findByIdForUpdate(tx, input.id);
      if (!existing) throw new NotFoundError('Customer', input.id);
      const patch: Partial<CustomerPatch> = {};
      for (const field of SCALAR_FIELDS) {
        const value = input[field];
        // null clears a nullable field; the non-nullable ones (name, kind, lifecycleStage) ignore null.
        if (value === undefined || (value === null && !NULLABLE.has(field))) continue;
        if (value !== existing[field]) (patch as Record<string, unknown>)[field] = value;
      }
      // null clears the tags, as it clears the other optional fields.
      const tags = input.tags === null ? [] : input.tags;
      if (tags !== undefined && tags.join('\u0000') !== existing.tags.join('\u0000')) patch.tags = tags;
      for (const [field, value] of Object.entries(accountColumns(input))) {
        if (!sameValue(field, value, existing[field as keyof AccountColumns])) (patch as Record<string, unknown>)[field] = value;
      }
      if (patch.parentId) await this.hierarchy.checkParent(tx, existing.id, patch.parentId);
      if (Object.keys(patch).length === 0) return existing;
      const updatedAt = new Date();
      await this.customers.update(tx, existing.id, { ...patch, updatedAt });
      const updated = { ...existing, ...patch, updatedAt };
      await this.events.publish(tx, CustomerUpdatedV2, {
        customerId: updated.id,
        changes: changesOf(existing, patch),
        customer: customerSnapshot(updated),
        updatedBy: caller.userId,
        updatedAt: updatedAt.toISOString(),
      });
      return updated;
    });
  }

  /** Soft-deletes; deleting a deleted customer is NOT_FOUND, as it is gone from every lookup. */
  delete(caller: Identity, id: string): Promise<CustomerEntity> {
    refuseUnassigned(id, 'id');
    return this.uow.run(caller, async (tx) => {
      const existing = await this.customers.findByIdForUpdate(tx, id);
      if (!existing) throw new NotFoundError('Customer', id);
      const deletedAt = new Date();
      await this.customers.setDeletedAt(tx, id, deletedAt);
      await this.events.publish(tx, CustomerDeleted, { customerId: id, deletedAt: deletedAt.toISOString() });
      return { ...existing, deletedAt, updatedAt: deletedAt };
    });
  }

  /** Undoes a soft delete (not a merge); restoring a customer that is not deleted changes nothing and publishes nothing. */
  restore(caller: Identity, id: string): Promise<CustomerEntity> {
    return this.uow.run(caller, async (tx) => {
      const existing = await this.customers.findByIdForUpdate(tx, id, true);
      if (!existing) throw new NotFoundError('Customer', id);
      if (!existing.deletedAt) return existing;
      const merged = await this.merges.findByMergedId(tx, id);
      if (merged) throw new InvalidError('id', `was merged into customer ${merged.survivorId}: a merge cannot be undone`);
      const restoredAt = new Date();
      await this.customers.setDeletedAt(tx, id, null);
      await this.events.publish(tx, CustomerRestored, { customerId: id, restoredAt: restoredAt.toISOString() });
      return { ...existing, deletedAt: null, updatedAt: restoredAt };
    });
  }

  findById(id: string): Promise<CustomerEntity | null> {
    return this.customers.findById(id);
  }

  /** For DataLoader: results in the order of `ids`, null where there is no such customer. */
  async findByIds(ids: readonly string[]): Promise<(CustomerEntity | null)[]> {
    const byId = new Map((await this.customers.findByIds(ids)).map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async page(caller: Identity, args: CustomersArgs): Promise<ConnectionShape<CustomerEntity>> {
    const ownerIn = await this.owners.ownerIds(caller, args.filter?.ownedBy);
    return CUSTOMER_CURSORS.page(
      args,
      (q) => this.customers.page({ ...q, filter: args.filter ?? {}, ownerIn }),
      (c) => customerCursor(c, args.sort),
    );
  }

  /** Customers matching a search term, best first, with where they matched. */
  async search(args: CustomerSearchArgs): Promise<{ customer: CustomerEntity; score: number; matchedOn: CustomerSearchField[] }[]> {
    const hits = await this.customers.search(args.query.toLowerCase(), args.first);
    const byId = new Map((await this.customers.findByIds(hits.map((h) => h.id))).map((c) => [c.id, c]));
    return hits.flatMap((h) => {
      const customer = byId.get(h.id);
      if (!customer) return [];
      const matchedOn = [
        ...(h.name ? [CustomerSearchField.NAME] : []),
        ...(h.domain ? [CustomerSearchField.DOMAIN] : []),
        ...(h.email ? [CustomerSearchField.CONTACT_EMAIL] : []),
      ];
      return [{ customer, score: h.score, matchedOn }];
    });
  }

  /** Possible duplicates of a customer about to be created or merged: same contact email or same domain. */
  duplicates(args: CustomerDuplicatesArgs): Promise<CustomerEntity[]> {
    if (!args.email && !args.domain) throw new InvalidError('email', 'give an email or a domain to look for duplicates');
    return this.customers.findDuplicates(args.email ?? null, args.domain ?? null, DUPLICATES_MAX);
  }
}
