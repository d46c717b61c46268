import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CaseEntity } from './case.entity';
import { OPEN_STATUSES, type CasePriority, type CaseStatus, type CaseType } from './case.enums';
import { CaseSort, type CaseFilter } from './case.input';

interface CaseRow {
  id: string;
  customer_id: string;
  subject: string;
  description: string | null;
  type: string;
  priority: string;
  priority_rank: number;
  status: string;
  opened_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

/** The sort values each order pages by: (openedAt, id) or (priority rank, openedAt, id). */
export const CASE_CURSORS = new KeysetCursors('cases', {
  [CaseSort.OPENED_AT_DESC]: { openedAt: 'timestamp', id: 'uuid' },
  [CaseSort.PRIORITY_DESC]: { priorityRank: 'integer', openedAt: 'timestamp', id: 'uuid' },
});

/** The keyset of the previous page's last row, in the order of the sort's columns. */
export type CaseKeyset = KeysetOf<typeof CASE_CURSORS.sorts, CaseSort>;

export interface CasePageQuery {
  filter: CaseFilter;
  sort: CaseSort;
  after: CaseKeyset | null;
  limit: number;
}

@Injectable()
export class CaseRepository {
  constructor(@InjectRepository(CaseEntity) private readonly repo: Repository<CaseEntity>) {}

  private on(tx?: Transaction): Repository<CaseEntity> {
    return tx ? tx.manager.getRepository(CaseEntity) : this.repo;
  }

  async insert(tx: Transaction, supportCase: CaseEntity): Promise<void> {
    await this.on(tx).insert(supportCase);
  }

  findById(id: string): Promise<CaseEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** SELECT ... FOR UPDATE: the row stays locked until the transaction ends, for read-modify-write. */
  findByIdForUpdate(tx: Transaction, id: string): Promise<CaseEntity | null> {
    return this.on(tx).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(tx: Transaction, id: string, patch: Partial<Pick<CaseEntity, 'status' | 'updatedAt' | 'closedAt'>>): Promise<void> {
    await this.on(tx).update({ id }, patch);
  }

  /** One keyset page: cost does not grow with how deep the page is. */
  page(q: CasePageQuery): Promise<CaseEntity[]> {
    const qb = this.repo.createQueryBuilder('c');
    if (q.filter.status) qb.andWhere('c.status = :status', { status: q.filter.status });
    if (q.filter.priority) qb.andWhere('c.priority = :priority', { priority: q.filter.priority });
    if (q.filter.customerId) qb.andWhere('c.customerId = :customerId', { customerId: q.filter.customerId });
    if (q.sort === CaseSort.PRIORITY_DESC) {
      if (q.after?.sort === CaseSort.PRIORITY_DESC) {
        qb.andWhere('(c.priorityRank, c.openedAt, c.id) < (:afterRank, :afterTime, :afterId)', {
          afterRank: q.after.priorityRank,
          afterTime: q.after.openedAt,
          afterId: q.after.id,
        });
      }
      qb.orderBy('c.priorityRank', 'DESC').addOrderBy('c.openedAt', 'DESC').addOrderBy('c.id', 'DESC');
    } else {
      if (q.after) qb.andWhere('(c.openedAt, c.id) < (:afterTime, :afterId)', { afterTime: q.after.openedAt, afterId: q.after.id });
      qb.orderBy('c.openedAt', 'DESC').addOrderBy('c.id', 'DESC');
    }
    return qb.limit(q.limit).getMany();
  }

  /** The newest `perCustomer` cases of each customer, in one statement for any number of customers. */
  async newestByCustomerIds(customerIds: readonly string[], perCustomer: number): Promise<CaseEntity[]> {
    const rows = await this.repo.query<CaseRow[]>(
      `SELECT * FROM (
         SELECT c.*, row_number() OVER (PARTITION BY c.customer_id ORDER BY c.opened_at DESC, c.id DESC) AS rn
         FROM support_case c WHERE c.customer_id = ANY($1::uuid[])
       ) ranked WHERE rn <= $2 ORDER BY customer_id, opened_at DESC, id DESC`,
      [customerIds, perCustomer],
    );
    return rows.map((r) =>
      this.repo.create({
        id: r.id,
        customerId: r.customer_id,
        subject: r.subject,
        description: r.description,
        type: r.type as CaseType,
        priority: r.priority as CasePriority,
        priorityRank: r.priority_rank,
        status: r.status as CaseStatus,
        openedAt: r.opened_at,
        updatedAt: r.updated_at,
        closedAt: r.closed_at,
      }),
    );
  }

  /** How many cases of each customer still need work (not RESOLVED or CLOSED): one GROUP BY for any number of customers. */
  async openCountsByCustomerIds(customerIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.repo.query<{ customer_id: string; n: number }[]>(
      `SELECT customer_id, count(*)::int AS n FROM support_case
       WHERE customer_id = ANY($1::uuid[]) AND status = ANY($2::text[])
       GROUP BY customer_id`,
      [customerIds, OPEN_STATUSES],
    );
    return new Map(rows.map((r) => [r.customer_id, r.n]));
  }
}
