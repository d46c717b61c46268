import { scopedCustomerId } from '@crm/auth';
import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { ReturnItemEntity } from './return-item.entity';
import { ReturnEntity } from './return.entity';
import type { ReturnFilter } from './return.input';

/** Newest first; the only order a list of returns needs. */
export const RETURN_CURSORS = new KeysetCursors('caseReturns', { REQUESTED_AT_DESC: { requestedAt: 'timestamp', id: 'uuid' } });

export type ReturnKeyset = KeysetOf<typeof RETURN_CURSORS.sorts, 'REQUESTED_AT_DESC'>;

/**
 * Returns and their items. Reads filter by the caller's customer (a portal contact sees its own
 * customer's returns only), as row-level security does behind them.
 */
@Injectable()
export class ReturnRepository {
  async insert(tx: Transaction, ret: ReturnEntity, items: ReturnItemEntity[]): Promise<void> {
    await tx.manager.getRepository(ReturnEntity).insert(ret);
    await tx.manager.getRepository(ReturnItemEntity).insert(items);
  }

  findById(tx: Transaction, id: string): Promise<ReturnEntity | null> {
    const customerId = scopedCustomerId(tx.caller);
    return tx.manager.getRepository(ReturnEntity).findOneBy(customerId ? { id, customerId } : { id });
  }

  /** SELECT ... FOR UPDATE: the row stays locked until the transaction ends, for read-modify-write. */
  findByIdForUpdate(tx: Transaction, id: string): Promise<ReturnEntity | null> {
    const customerId = scopedCustomerId(tx.caller);
    return tx.manager
      .getRepository(ReturnEntity)
      .findOne({ where: customerId ? { id, customerId } : { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(tx: Transaction, id: string, patch: Partial<Omit<ReturnEntity, 'id' | 'caseId' | 'customerId'>>): Promise<void> {
    await tx.manager.getRepository(ReturnEntity).update({ id }, patch);
  }

  async countOfCase(tx: Transaction, caseId: string): Promise<number> {
    return tx.manager.getRepository(ReturnEntity).countBy({ caseId });
  }

  /** The subject of a return's case, which its events repeat. */
  async caseSubject(tx: Transaction, caseId: string): Promise<string> {
    const [row] = await tx.manager.query<{ subject: string }[]>('SELECT subject FROM support_case WHERE id = $1', [caseId]);
    return row!.subject;
  }

  /** The items of these returns, in one statement, each return's in its order. */
  itemsOf(tx: Transaction, returnIds: readonly string[]): Promise<ReturnItemEntity[]> {
    if (!returnIds.length) return Promise.resolve([]);
    return tx.manager
      .getRepository(ReturnItemEntity)
      .createQueryBuilder('i')
      .where('i.returnId = ANY(:ids)', { ids: returnIds })
      .orderBy('i.returnId')
      .addOrderBy('i.position')
      .getMany();
  }

  /** One keyset page, newest first. */
  page(tx: Transaction, q: { filter: ReturnFilter; after: ReturnKeyset | null; limit: number }): Promise<ReturnEntity[]> {
    const qb = tx.manager.getRepository(ReturnEntity).createQueryBuilder('r');
    const scoped = scopedCustomerId(tx.caller);
    if (scoped) qb.andWhere('r.customerId = :scoped', { scoped });
    if (q.filter.caseId) qb.andWhere('r.caseId = :caseId', { caseId: q.filter.caseId });
    if (q.filter.customerId) qb.andWhere('r.customerId = :customerId', { customerId: q.filter.customerId });
    if (q.filter.status) qb.andWhere('r.status = :status', { status: q.filter.status });
    if (q.after) qb.andWhere('(r.requestedAt, r.id) < (:afterTime, :afterId)', { afterTime: q.after.requestedAt, afterId: q.after.id });
    return qb.orderBy('r.requestedAt', 'DESC').addOrderBy('r.id', 'DESC').limit(q.limit).getMany();
  }
}
