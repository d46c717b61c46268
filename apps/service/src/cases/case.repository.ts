import { scopedCustomerId } from '@crm/auth';
import { hydrate, type Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { CaseMessageEntity } from './case-message.entity';
import { CaseEntity } from './case.entity';
import { OPEN_STATUSES } from './case.enums';
import { CaseAssignee, CaseSort, type CaseFilter } from './case.input';

/** The sort values each order pages by: (openedAt, id) or (priority rank, openedAt, id). */
export const CASE_CURSORS = new KeysetCursors('cases', {
  [CaseSort.OPENED_AT_DESC]: { openedAt: 'timestamp', id: 'uuid' },
  [CaseSort.PRIORITY_DESC]: { priorityRank: 'integer', openedAt: 'timestamp', id: 'uuid' },
});

/** A case's thread, oldest first, as a conversation reads. */
export const THREAD_CURSORS = new KeysetCursors('caseThread', { POSTED_AT_ASC: { postedAt: 'timestamp', id: 'uuid' } });

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

  /**
   * Reads filter by the caller's customer (a portal contact sees its own customer's cases only),
   * as row-level security does: the filter says what is meant, the policy is the backstop.
   */
  findById(tx: Transaction, id: string): Promise<CaseEntity | null> {
    const customerId = scopedCustomerId(tx.caller);
    return this.on(tx).findOneBy(customerId ? { id, customerId } : { id });
  }

  /** findById for many ids in one statement, in the caller's customer scope. */
  findByIds(tx: Transaction, ids: string[]): Promise<CaseEntity[]> {
    const customerId = scopedCustomerId(tx.caller);
    return this.on(tx).findBy(customerId ? { id: Any(ids), customerId } : { id: Any(ids) });
  }

  /** SELECT ... FOR UPDATE: the row stays locked until the transaction ends, for read-modify-write. */
  findByIdForUpdate(tx: Transaction, id: string): Promise<CaseEntity | null> {
    const customerId = scopedCustomerId(tx.caller);
    return this.on(tx).findOne({ where: customerId ? { id, customerId } : { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(tx: Transaction, id: string, patch: Partial<Omit<CaseEntity, 'id' | 'customerId' | 'openedAt'>>): Promise<void> {
    await this.on(tx).update({ id }, patch);
  }

  async insertMessage(tx: Transaction, message: CaseMessageEntity): Promise<void> {
    await tx.manager.getRepository(CaseMessageEntity).insert(message);
  }

  /** One page of a thread, oldest first; without internal notes for a portal contact. */
  thread(tx: Transaction, caseId: string, after: { postedAt: Date; id: string } | null, limit: number): Promise<CaseMessageEntity[]> {
    const qb = tx.manager.getRepository(CaseMessageEntity).createQueryBuilder('m').where('m.caseId = :caseId', { caseId });
    if (scopedCustomerId(tx.caller)) qb.andWhere('m.internal = false');
    if (after) qb.andWhere('(m.postedAt, m.id) > (:afterTime, :afterId)', { afterTime: after.postedAt, afterId: after.id });
    return qb.orderBy('m.postedAt', 'ASC').addOrderBy('m.id', 'ASC').limit(limit).getMany();
  }

  /** Links two cases both ways; false when they already were. */
  async relate(tx: Transaction, a: string, b: string, at: Date): Promise<boolean> {
    const rows = await tx.manager.query<unknown[]>(
      `INSERT INTO case_relation (case_id, related_case_id, related_at) VALUES ($1, $2, $3), ($2, $1, $3)
       ON CONFLICT DO NOTHING RETURNING case_id`,
      [a, b, at],
    );
    return rows.length > 0;
  }

  async relationCount(tx: Transaction, caseId: string): Promise<number> {
    const [row] = await tx.manager.query<{ n: number }[]>('SELECT count(*)::int AS n FROM case_relation WHERE case_id = $1', [caseId]);
    return row?.n ?? 0;
  }

  /** The related cases of each case, in one statement for any number of cases; `relatedTo` says whose. */
  async relatedByCaseIds(tx: Transaction, caseIds: readonly string[]): Promise<{ relatedTo: string; supportCase: CaseEntity }[]> {
    const rows = await tx.manager.query<{ related_to: string }[]>(
      `SELECT r.case_id AS related_to, c.* FROM case_relation r JOIN support_case c ON c.id = r.related_case_id
       WHERE r.case_id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR c.customer_id = $2) ORDER BY r.case_id, r.related_at, c.id`,
      [caseIds, scopedCustomerId(tx.caller)],
    );
    return rows.map((r) => ({ relatedTo: r.related_to, supportCase: hydrate(tx.manager, CaseEntity, r) }));
  }

  /** How many returns each of `caseIds` has (0 for none). */
  async returnCounts(tx: Transaction, caseIds: string[]): Promise<Map<string, number>> {
    const rows = await tx.manager.query<{ case_id: string; n: number }[]>(
      'SELECT case_id, count(*)::int AS n FROM case_return WHERE case_id = ANY($1::uuid[]) GROUP BY case_id',
      [caseIds],
    );
    return new Map(rows.map((r) => [r.case_id, r.n]));
  }

  /**
   * A merge moves the duplicate's thread, relations and returns to the survivor; a relation the
   * survivor already has, or one to itself, is dropped rather than doubled. Answers the returns moved.
   */
  async moveToSurvivor(tx: Transaction, duplicateId: string, survivorId: string): Promise<string[]> {
    await tx.manager.query('UPDATE case_message SET case_id = $2 WHERE case_id = $1', [duplicateId, survivorId]);
    // A CTE, so the moved ids come back as rows (TypeORM answers a bare UPDATE ... RETURNING as [rows, count]).
    const returns = await tx.manager.query<{ id: string }[]>(
      'WITH moved AS (UPDATE case_return SET case_id = $2 WHERE case_id = $1 RETURNING id) SELECT id FROM moved ORDER BY id',
      [duplicateId, survivorId],
    );
    await tx.manager.query(
      `INSERT INTO case_relation (case_id, related_case_id, related_at)
       SELECT $2::uuid, related_case_id, related_at FROM case_relation WHERE case_id = $1 AND related_case_id <> $2
       UNION ALL
       SELECT related_case_id, $2::uuid, related_at FROM case_relation WHERE case_id = $1 AND related_case_id <> $2
       ON CONFLICT DO NOTHING`,
      [duplicateId, survivorId],
    );
    await tx.manager.query('DELETE FROM case_relation WHERE case_id = $1 OR related_case_id = $1', [duplicateId]);
    return returns.map((r) => r.id);
  }

  /** One keyset page: cost does not grow with how deep the page is. */
  page(tx: Transaction, q: CasePageQuery): Promise<CaseEntity[]> {
    const qb = this.on(tx).createQueryBuilder('c');
    const scoped = scopedCustomerId(tx.caller);
    if (scoped) qb.andWhere('c.customerId = :scoped', { scoped });
    if (q.filter.status) qb.andWhere('c.status = :status', { status: q.filter.status });
    if (q.filter.priority) qb.andWhere('c.priority = :priority', { priority: q.filter.priority });
    if (q.filter.customerId) qb.andWhere('c.customerId = :customerId', { customerId: q.filter.customerId });
    if (q.filter.assigneeId) qb.andWhere('c.assigneeId = :assigneeId', { assigneeId: q.filter.assigneeId });
    if (q.filter.assignee) {
      // Relative to the caller: a caller without a user id (a job) has no cases of its own.
      const me = tx.caller.userId;
      if (!me) qb.andWhere('false');
      else if (q.filter.assignee === CaseAssignee.ME) qb.andWhere('c.assigneeId = :me', { me });
      else qb.andWhere('(c.assigneeId = :me OR c.queueId IN (SELECT m.queue_id FROM queue_member m WHERE m.user_id = :me))', { me });
    }
    if (q.filter.queueId) qb.andWhere('c.queueId = :queueId', { queueId: q.filter.queueId });
    if (q.filter.productId) qb.andWhere('c.productId = :productId', { productId: q.filter.productId });
    if (q.filter.channel) qb.andWhere('c.channel = :channel', { channel: q.filter.channel });
    if (q.filter.type) qb.andWhere('c.type = :type', { type: q.filter.type });
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
  async newestByCustomerIds(tx: Transaction, customerIds: readonly string[], perCustomer: number): Promise<CaseEntity[]> {
    const rows = await tx.manager.query<Record<string, unknown>[]>(
      `SELECT * FROM (
         SELECT c.*, row_number() OVER (PARTITION BY c.customer_id ORDER BY c.opened_at DESC, c.id DESC) AS rn
         FROM support_case c WHERE c.customer_id = ANY($1::uuid[]) AND ($3::uuid IS NULL OR c.customer_id = $3)
       ) ranked WHERE rn <= $2 ORDER BY customer_id, opened_at DESC, id DESC`,
      [customerIds, perCustomer, scopedCustomerId(tx.caller)],
    );
    return rows.map((r) => hydrate(tx.manager, CaseEntity, r));
  }

  /** How many cases of each customer still need work (not RESOLVED or CLOSED): one GROUP BY for any number of customers. */
  async openCountsByCustomerIds(tx: Transaction, customerIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await tx.manager.query<{ customer_id: string; n: number }[]>(
      `SELECT customer_id, count(*)::int AS n FROM support_case
       WHERE customer_id = ANY($1::uuid[]) AND status = ANY($2::text[]) AND ($3::uuid IS NULL OR customer_id = $3)
       GROUP BY customer_id`,
      [customerIds, OPEN_STATUSES, scopedCustomerId(tx.caller)],
    );
    return new Map(rows.map((r) => [r.customer_id, r.n]));
  }
}
