import { customerScopeSetting, partnerScopeSetting, type Identity } from '@crm/auth';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * One database transaction, passed from service to repositories; services never see TypeORM. It
 * carries the caller it was opened for, so a repository filters by that caller's partner
 * (scopedPartnerId(tx.caller)) and the filter and row-level security cannot disagree.
 */
export class Transaction {
  constructor(
    readonly manager: EntityManager,
    readonly caller: Identity,
  ) {}
}

@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one transaction for `caller`: a change and its outbox events commit together or
   * not at all. The transaction is scoped to the caller first (`app.partner_id`, local to this
   * transaction, so a pooled connection never carries one caller's scope into the next), and to its
   * customer (`app.customer_id`) for a portal contact: row-level security then hides other partners'
   * and other customers' rows whatever SQL the repositories run.
   */
  run<T>(caller: Identity, work: (tx: Transaction) => Promise<T>): Promise<T> {
    const scope = partnerScopeSetting(caller);
    const customerScope = customerScopeSetting(caller);
    return this.dataSource.transaction(async (manager) => {
      // One statement: the customer scope (app.customer_id) is the self-service portal's, as the partner scope is the partners'.
      await manager.query(`SELECT set_config('app.partner_id', $1, true), set_config('app.customer_id', $2, true)`, [scope, customerScope]);
      return work(new Transaction(manager, caller));
    });
  }

  /** Cheap readiness probe. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
