import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { ActivityEntity } from './activity.entity';
import { ActivitySort } from './activity.enums';
import type { ActivityFilter } from './activity.input';

/** The sort values each order pages by: the sort column (a due date may be missing), then the id. */
export const ACTIVITY_CURSORS = new KeysetCursors('activities', {
  [ActivitySort.CREATED_AT_DESC]: { createdAt: 'timestamp', id: 'uuid' },
  [ActivitySort.DUE_AT_ASC]: { dueAt: 'timestamp?', id: 'uuid' },
});

export interface ActivityPageQuery {
  filter: ActivityFilter;
  /** The owners `ownedBy` keeps; null keeps every owner. */
  ownerIn: string[] | null;
  sort: ActivitySort;
  /** Sort values of the last row of the previous page. */
  after: KeysetOf<typeof ACTIVITY_CURSORS.sorts, ActivitySort> | null;
  limit: number;
}

export type ActivityPatch = Partial<
  Pick<ActivityEntity, 'type' | 'subject' | 'notes' | 'ownerId' | 'dueAt' | 'remindAt' | 'completedAt' | 'completedBy' | 'updatedAt'>
>;

export interface FollowUpCriteria {
  /** Tier of this value or better (1 is the top). */
  topTier: number;
  /** Untouched since: no activity created or completed after this. */
  cutoff: Date;
  /** The first day of the window, "YYYY-MM-DD": the idempotency key with the customer. */
  windowStart: string;
  now: Date;
  dueAt: Date;
}

export interface CreatedFollowUp {
  activity: ActivityEntity;
  tier: number;
  lastTouchedAt: Date | null;
}

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

  /** Inserts unless a key says it exists (a lead's follow-up for its owner); answers whether it did. */
  async insertIfAbsent(tx: Transaction, activity: ActivityEntity): Promise<boolean> {
    const result = await this.on(tx).createQueryBuilder().insert().values(activity).orIgnore().returning('id').execute();
    return (result.raw as unknown[]).length === 1;
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

  /** A live customer's name and owner, for a task about it; null when there is no such (live) customer. */
  async liveCustomer(tx: Transaction, customerId: string): Promise<{ name: string; ownerId: string | null } | null> {
    const rows = await tx.manager.query<{ name: string; owner_id: string | null }[]>(
      'SELECT name, owner_id FROM customer WHERE id = $1 AND deleted_at IS NULL',
      [customerId],
    );
    return rows[0] ? { name: rows[0].name, ownerId: rows[0].owner_id } : null;
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
    if (q.ownerIn) qb.andWhere('a.ownerId = ANY(:ownerIn)', { ownerIn: q.ownerIn });
    if (f.types?.length) qb.andWhere('a.type IN (:...types)', { types: f.types });
    if (f.completed !== undefined) qb.andWhere(f.completed ? 'a.completedAt IS NOT NULL' : 'a.completedAt IS NULL');
    if (f.dueFrom) qb.andWhere('a.dueAt >= :dueFrom', { dueFrom: f.dueFrom });
    if (f.dueBefore) qb.andWhere('a.dueAt < :dueBefore', { dueBefore: f.dueBefore });
    if (f.remindBy) qb.andWhere('a.remindAt <= :remindBy', { remindBy: f.remindBy });
    if (q.sort === ActivitySort.DUE_AT_ASC) {
      // (dueAt, id) ascending with no due date last.
      if (q.after && 'dueAt' in q.after) {
        const { dueAt: afterDue, id: afterId } = q.after;
        if (afterDue === null) qb.andWhere('(a.dueAt IS NULL AND a.id > :afterId)', { afterId });
        else qb.andWhere('(a.dueAt IS NULL OR (a.dueAt, a.id) > (:afterDue, :afterId))', { afterDue, afterId });
      }
      qb.orderBy('a.dueAt', 'ASC', 'NULLS LAST').addOrderBy('a.id', 'ASC');
    } else {
      if (q.after && 'createdAt' in q.after) {
        qb.andWhere('(a.createdAt, a.id) < (:afterTime, :afterId)', { afterTime: q.after.createdAt, afterId: q.after.id });
      }
      qb.orderBy('a.createdAt', 'DESC').addOrderBy('a.id', 'DESC');
    }
    return qb.limit(q.limit).getMany();
  }

  /** The newest `perCustomer` activities of each customer, in one statement for any number of customers. */
  newestByCustomerIds(customerIds: readonly string[], perCustomer: number): Promise<ActivityEntity[]> {
    return this.newestBy('customer_id', customerIds, perCustomer);
  }

  /** The newest `perKey` activities of each contact or opportunity, in one statement; only of live customers. */
  newestBy(column: 'customer_id' | 'contact_id' | 'opportunity_id', keys: readonly string[], perKey: number): Promise<ActivityEntity[]> {
    const property = { customer_id: 'customerId', contact_id: 'contactId', opportunity_id: 'opportunityId' }[column];
    return this.repo
      .createQueryBuilder('a')
      .where(
        `a.id IN (SELECT id FROM (
           SELECT x.id, row_number() OVER (PARTITION BY x.${column} ORDER BY x.created_at DESC, x.id DESC) AS rn
           FROM activity x WHERE x.${column} = ANY(CAST(:keys AS uuid[]))
         ) ranked WHERE rn <= :perKey)`,
        { keys: [...keys], perKey },
      )
      .andWhere(LIVE_CUSTOMER)
      .orderBy(`a.${property}`)
      .addOrderBy('a.createdAt', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .getMany();
  }

  /**
   * In one statement: finds live customers of a top tier, with an owner, older than the cutoff, with no activity
   * (other than the automation's own follow-ups) created or completed since the cutoff, and gives each a follow-up
   * task for its owner. The unique key on (customer, window) makes a second run in the same window insert nothing,
   * even when two instances run at once.
   */
  async createFollowUps(tx: Transaction, c: FollowUpCriteria): Promise<CreatedFollowUp[]> {
    const rows = await tx.manager.query<{ id: string; tier: number; last_touched_at: Date | null }[]>(
      `WITH stale AS (
         SELECT cu.id, cu.name, cu.owner_id, cu.tier, t.last_touched_at
         FROM customer cu
         LEFT JOIN LATERAL (
           SELECT max(greatest(a.created_at, coalesce(a.completed_at, a.created_at))) AS last_touched_at
           FROM activity a WHERE a.customer_id = cu.id AND a.follow_up_window IS NULL
         ) t ON true
         WHERE cu.deleted_at IS NULL AND cu.tier <= $1 AND cu.owner_id IS NOT NULL AND cu.created_at < $2
           AND (t.last_touched_at IS NULL OR t.last_touched_at < $2)
       ), created AS (
         INSERT INTO activity (id, type, subject, notes, customer_id, owner_id, due_at, follow_up_window, created_at, updated_at)
         SELECT gen_random_uuid(), 'TASK', 'Follow up with ' || s.name,
                'Nobody has touched this top-tier customer since ' || coalesce(to_char(s.last_touched_at, 'YYYY-MM-DD'), 'it was created') || '.',
                s.id, s.owner_id, $5, $3::date, $4, $4
         FROM stale s
         ON CONFLICT (customer_id, follow_up_window) WHERE follow_up_window IS NOT NULL DO NOTHING
         RETURNING id, customer_id
       )
       SELECT created.id, stale.tier, stale.last_touched_at FROM created JOIN stale ON stale.id = created.customer_id`,
      [c.topTier, c.cutoff, c.windowStart, c.now, c.dueAt],
    );
    if (rows.length === 0) return [];
    const byId = new Map((await this.on(tx).findBy({ id: Any(rows.map((r) => r.id)) })).map((a) => [a.id, a]));
    return rows.map((r) => ({ activity: byId.get(r.id)!, tier: Number(r.tier), lastTouchedAt: r.last_touched_at }));
  }

  /**
   * Moves every activity of customer `fromId` to `toId` (a merge). A follow-up the automation gave `fromId` for a window
   * `toId` already has a follow-up for keeps its task but loses its window key, so the (customer, window) key holds.
   */
  async reassignCustomer(tx: Transaction, fromId: string, toId: string): Promise<string[]> {
    await tx.manager.query(
      `UPDATE activity a SET follow_up_window = NULL
       WHERE a.customer_id = $1 AND a.follow_up_window IS NOT NULL
         AND EXISTS (SELECT 1 FROM activity b WHERE b.customer_id = $2 AND b.follow_up_window = a.follow_up_window)`,
      [fromId, toId],
    );
    const [rows] = await tx.manager.query<[{ id: string }[], number]>(
      'UPDATE activity SET customer_id = $2, updated_at = now() WHERE customer_id = $1 RETURNING id',
      [fromId, toId],
    );
    return rows.map((r) => r.id);
  }
}
