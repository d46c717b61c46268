import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ActivityEntity } from './activity.entity';
import { ActivitySort } from './activity.enums';
import type { ActivityFilter } from './activity.input';

export interface ActivityPageQuery {
  filter: ActivityFilter;
  sort: ActivitySort;
  /** Sort values of the last row of the previous page. */
  after: (string | number)[] | null;
  limit: number;
}

export type ActivityPatch = Partial<
  Pick<ActivityEntity, 'type' | 'subject' | 'notes' | 'ownerId' | 'dueAt' | 'remindAt' | 'completedAt' | 'completedBy' | 'updatedAt'>
>;

/** Only activities of live (not soft-deleted) customers are visible. */
const LIVE_CUSTOMER = 'EXISTS (SELECT 1 FROM customer cu WHERE cu.id = a.customer_id AND cu.deleted_at IS NULL)';

@Injectable()
export class ActivityRepository {
  constructor(@InjectRepository(ActivityEntity) private readonly repo: Repository<ActivityEntity>) {}

  private on(tx?: Transaction): Repository<ActivityEntity> {
    return tx ? tx.manager.getRepository(ActivityEntity) : this.repo;
  }

  async insert(tx: Transaction, activity: ActivityEntity): Promise<void> {
    await this.on(tx).insert(activity);
  }

  findById(id: string, tx?: Transaction): Promise<ActivityEntity | null> {
    return this.on(tx).createQueryBuilder('a').where('a.id = :id', { id }).andWhere(LIVE_CUSTOMER).getOne();
  }

  /** Row-locked read of an activity of a live customer, for read-modify-write inside a transaction. */
  findByIdForUpdate(tx: Transaction, id: string): Promise<ActivityEntity | null> {
    return this.on(tx).createQueryBuilder('a').where('a.id = :id', { id }).andWhere(LIVE_CUSTOMER).setLock('pessimistic_write').getOne();
  }

  async update(tx: Transaction, id: string, patch: ActivityPatch): Promise<void> {
    await this.on(tx).update({ id }, patch);
  }

  async delete(tx: Transaction, id: string): Promise<void> {
    await this.on(tx).delete({ id });
  }

  /** The customer of a live customer id, contact or opportunity; null when there is no such (live) record. */
  async customerOfCustomer(tx: Transaction, customerId: string): Promise<string | null> {
    const rows = await tx.manager.query<{ id: string }[]>('SELECT id FROM customer WHERE id = $1 AND deleted_at IS NULL', [customerId]);
    return rows[0]?.id ?? null;
  }

  async customerOfContact(tx: Transaction, contactId: string): Promise<string | null> {
    const rows = await tx.manager.query<{ customer_id: string }[]>(
      'SELECT k.customer_id FROM contact k JOIN customer cu ON cu.id = k.customer_id AND cu.deleted_at IS NULL WHERE k.id = $1',
      [contactId],
    );
    return rows[0]?.customer_id ?? null;
  }

  /** Opportunity SQL kept here, in the transaction, so row-level security on `opportunity` scopes it. */
  async customerOfOpportunity(tx: Transaction, opportunityId: string): Promise<string | null> {
    const rows = await tx.manager.query<{ customer_id: string }[]>(
      'SELECT o.customer_id FROM opportunity o JOIN customer cu ON cu.id = o.customer_id AND cu.deleted_at IS NULL WHERE o.id = $1',
      [opportunityId],
    );
    return rows[0]?.customer_id ?? null;
  }

  /** One keyset page: cost does not grow with how deep the page is. */
  page(q: ActivityPageQuery): Promise<ActivityEntity[]> {
    const qb = this.repo.createQueryBuilder('a').where(LIVE_CUSTOMER);
    const f = q.filter;
    if (f.customerId) qb.andWhere('a.customerId = :customerId', { customerId: f.customerId });
    if (f.contactId) qb.andWhere('a.contactId = :contactId', { contactId: f.contactId });
    if (f.opportunityId) qb.andWhere('a.opportunityId = :opportunityId', { opportunityId: f.opportunityId });
    if (f.ownerId) qb.andWhere('a.ownerId = :ownerId', { ownerId: f.ownerId });
    if (f.types?.length) qb.andWhere('a.type IN (:...types)', { types: f.types });
    if (f.completed !== undefined) qb.andWhere(f.completed ? 'a.completedAt IS NOT NULL' : 'a.completedAt IS NULL');
    if (f.dueFrom) qb.andWhere('a.dueAt >= :dueFrom', { dueFrom: f.dueFrom });
    if (f.dueBefore) qb.andWhere('a.dueAt < :dueBefore', { dueBefore: f.dueBefore });
    if (q.sort === ActivitySort.DUE_AT_ASC) {
      // (dueAt, id) ascending with no due date last; the cursor is [dueAt or '', id].
      if (q.after) {
        const [afterDue, afterId] = q.after;
        if (afterDue === '') qb.andWhere('(a.dueAt IS NULL AND a.id > :afterId)', { afterId });
        else qb.andWhere('(a.dueAt IS NULL OR (a.dueAt, a.id) > (:afterDue, :afterId))', { afterDue, afterId });
      }
      qb.orderBy('a.dueAt', 'ASC', 'NULLS LAST').addOrderBy('a.id', 'ASC');
    } else {
      if (q.after) qb.andWhere('(a.createdAt, a.id) < (:afterTime, :afterId)', { afterTime: q.after[0], afterId: q.after[1] });
      qb.orderBy('a.createdAt', 'DESC').addOrderBy('a.id', 'DESC');
    }
    return qb.limit(q.limit).getMany();
  }

  /** The newest `perCustomer` activities of each customer, in one statement for any number of customers. */
  newestByCustomerIds(customerIds: readonly string[], perCustomer: number): Promise<ActivityEntity[]> {
    return this.repo
      .createQueryBuilder('a')
      .where(
        `a.id IN (SELECT id FROM (
           SELECT x.id, row_number() OVER (PARTITION BY x.customer_id ORDER BY x.created_at DESC, x.id DESC) AS rn
           FROM activity x WHERE x.customer_id = ANY(CAST(:customerIds AS uuid[]))
         ) ranked WHERE rn <= :perCustomer)`,
        { customerIds: [...customerIds], perCustomer },
      )
      .orderBy('a.customerId')
      .addOrderBy('a.createdAt', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .getMany();
  }
}
