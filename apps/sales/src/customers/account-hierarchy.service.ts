import type { Identity } from '@crm/auth';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { Injectable } from '@nestjs/common';
import { AccountHierarchyRepository, type RollupRow } from './account-hierarchy.repository';
import { CustomerRepository } from './customer.repository';

/** Parent accounts: the rule that the hierarchy has no cycle, and the roll-ups over it. */
@Injectable()
export class AccountHierarchyService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hierarchy: AccountHierarchyRepository,
    private readonly customers: CustomerRepository,
  ) {}

  /**
   * Checks that `parentId` may become the parent of `customerId` (null for a customer being
   * created), inside the caller's transaction and under the hierarchy lock: it exists, and it is
   * neither the customer nor one of its sub-accounts.
   */
  async checkParent(tx: Transaction, customerId: string | null, parentId: string): Promise<void> {
    await this.hierarchy.lockHierarchy(tx);
    if (!(await this.customers.findById(parentId, tx))) throw new NotFoundError('Customer', parentId, 'parentId');
    if (customerId && (await this.hierarchy.isSelfOrDescendant(tx, customerId, parentId))) {
      throw new InvalidError(
        'parentId',
        parentId === customerId ? 'cannot be the customer itself' : 'is a sub-account of this customer: the hierarchy would have a cycle',
      );
    }
  }

  /** Roll-ups for several accounts at once (a DataLoader batch), in the order of `ids`. */
  async rollups(caller: Identity, ids: readonly string[], currency: string): Promise<(RollupRow | null)[]> {
    const rows = await this.uow.run(caller, (tx) => this.hierarchy.rollups(tx, ids, currency));
    const byId = new Map(rows.map((r) => [r.root_id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }
}
