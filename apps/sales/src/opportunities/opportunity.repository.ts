import { scopedPartnerId } from '@crm/auth';
import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type FindOptionsWhere, type Repository, type SelectQueryBuilder } from 'typeorm';
import { UNASSIGNED_CUSTOMER_ID } from '../customers/unassigned-account.service';
import { OpportunityContactEntity } from './opportunity-contact.entity';
import { OpportunityLineEntity } from './opportunity-line.entity';
import { OpportunityStageChangeEntity } from './opportunity-stage-change.entity';
import { OpportunityEntity } from './opportunity.entity';
import { OpportunitySort, type OpportunityFilter } from './opportunity.input';

/** The sort values each order pages by: the sort column, then the id. */
export const OPPORTUNITY_CURSORS = new KeysetCursors('opportunities', {
  [OpportunitySort.CREATED_AT_DESC]: { createdAt: 'timestamp', id: 'uuid' },
  [OpportunitySort.AMOUNT_DESC]: { amount: 'decimal', id: 'uuid' },
  [OpportunitySort.AMOUNT_ASC]: { amount: 'decimal', id: 'uuid' },
  [OpportunitySort.CLOSE_DATE_ASC]: { closeDate: 'date', id: 'uuid' },
});

export type OpportunityKeyset = KeysetOf<typeof OPPORTUNITY_CURSORS.sorts, OpportunitySort>;

/** A filter with `ownedBy` resolved to the owner ids it keeps (null: every owner). */
export type OwnerScopedFilter = OpportunityFilter & { ownerIn: string[] | null };

export interface OpportunityPageQuery {
  filter: OwnerScopedFilter;
  sort: OpportunitySort;
  /** Sort values of the last row of the previous page. */
  after: OpportunityKeyset | null;
  limit: number;
}

export type OpportunityPatch = Partial<
  Pick<
    OpportunityEntity,
    | 'name'
    | 'customerId'
    | 'amount'
    | 'currency'
    | 'amountSetByHand'
    | 'closeDate'
    | 'ownerId'
    | 'partnerId'
    | 'stageId'
    | 'status'
    | 'closeReason'
    | 'closedAt'
    | 'updatedAt'
  >
>;

/** The transaction's caller's partner, where a partner calls: `{}` for an internal caller, who sees every row. */
function scope(tx: Transaction): FindOptionsWhere<OpportunityEntity> {
  const partnerId = scopedPartnerId(tx.caller);
  return partnerId === null ? {} : { partnerId };
}

function scoped(tx: Transaction, qb: SelectQueryBuilder<OpportunityEntity>, alias: string): SelectQueryBuilder<OpportunityEntity> {
  const partnerId = scopedPartnerId(tx.caller);
  return partnerId === null ? qb : qb.andWhere(`${alias}.partnerId = :scopePartnerId`, { scopePartnerId: partnerId });
}

/**
 * Opportunities are partner-scoped rows: every statement runs in the caller's transaction (which
 * sets `app.partner_id` for row-level security) and filters by the caller's partner as well, so a
 * partner's query plans use the partner index and the policy is a backstop, not the only guard.
 */
@Injectable()
export class OpportunityRepository {
  constructor(
    @InjectRepository(OpportunityContactEntity) private readonly contacts: Repository<OpportunityContactEntity>,
    @InjectRepository(OpportunityStageChangeEntity) private readonly history: Repository<OpportunityStageChangeEntity>,
    @InjectRepository(OpportunityLineEntity) private readonly lines: Repository<OpportunityLineEntity>,
  ) {}

  private on(tx: Transaction): Repository<OpportunityEntity> {
    return tx.manager.getRepository(OpportunityEntity);
  }

  /** INSERT ... ON CONFLICT DO NOTHING: true when this call created the row. */
  async insertIfAbsent(tx: Transaction, opportunity: OpportunityEntity): Promise<boolean> {
    const result = await this.on(tx).createQueryBuilder().insert().values(opportunity).orIgnore().returning('id').execute();
    return (result.raw as unknown[]).length === 1;
  }

  findById(tx: Transaction, id: string): Promise<OpportunityEntity | null> {
    return this.on(tx).findOneBy({ id, ...scope(tx) });
  }

  /** Row-locked read, for read-modify-write inside a transaction. */
  findByIdForUpdate(tx: Transaction, id: string): Promise<OpportunityEntity | null> {
    return this.on(tx).findOne({ where: { id, ...scope(tx) }, lock: { mode: 'pessimistic_write' } });
  }

  findByIds(tx: Transaction, ids: readonly string[]): Promise<OpportunityEntity[]> {
    return this.on(tx).findBy({ id: Any(ids), ...scope(tx) });
  }

  async update(tx: Transaction, id: string, patch: OpportunityPatch): Promise<void> {
    await this.on(tx).update({ id, ...scope(tx) }, patch);
  }

  /** The caller's opportunities matching `f`: the partner scope first, then the filter. */
  private filtered(tx: Transaction, f: OwnerScopedFilter): SelectQueryBuilder<OpportunityEntity> {
    const qb = scoped(tx, this.on(tx).createQueryBuilder('o'), 'o');
    if (f.ownerIds?.length) qb.andWhere('o.ownerId IN (:...ownerIds)', { ownerIds: f.ownerIds });
    if (f.ownerIn) qb.andWhere('o.ownerId = ANY(:ownerIn)', { ownerIn: f.ownerIn });
    if (f.pipelineId) qb.andWhere('o.pipelineId = :pipelineId', { pipelineId: f.pipelineId });
    if (f.stageId) qb.andWhere('o.stageId = :stageId', { stageId: f.stageId });
    if (f.status) qb.andWhere('o.status = :status', { status: f.status });
    if (f.closeDateFrom) qb.andWhere('o.closeDate >= :closeDateFrom', { closeDateFrom: f.closeDateFrom });
    if (f.closeDateTo) qb.andWhere('o.closeDate <= :closeDateTo', { closeDateTo: f.closeDateTo });
    if (f.partnerId) qb.andWhere('o.partnerId = :partnerId', { partnerId: f.partnerId });
    if (f.customerId) qb.andWhere('o.customerId = :customerId', { customerId: f.customerId });
    if (f.unassigned != null) {
      qb.andWhere(`o.customerId ${f.unassigned ? '=' : '<>'} :unassignedId`, { unassignedId: UNASSIGNED_CUSTOMER_ID });
    }
    return qb;
  }

  /** How many of the caller's opportunities match `f`, over all pages. */
  count(tx: Transaction, f: OwnerScopedFilter): Promise<number> {
    return this.filtered(tx, f).getCount();
  }

  /** One keyset page: cost does not grow with how deep the page is. */
  page(tx: Transaction, q: OpportunityPageQuery): Promise<OpportunityEntity[]> {
    const qb = this.filtered(tx, q.filter);
    const after = q.after && {
      afterKey: 'amount' in q.after ? q.after.amount : 'closeDate' in q.after ? q.after.closeDate : q.after.createdAt,
      afterId: q.after.id,
    };
    switch (q.sort) {
      case OpportunitySort.AMOUNT_DESC:
        if (after) qb.andWhere('(o.amount, o.id) < (CAST(:afterKey AS numeric), :afterId)', after);
        qb.orderBy('o.amount', 'DESC').addOrderBy('o.id', 'DESC');
        break;
      case OpportunitySort.AMOUNT_ASC:
        if (after) qb.andWhere('(o.amount, o.id) > (CAST(:afterKey AS numeric), :afterId)', after);
        qb.orderBy('o.amount', 'ASC').addOrderBy('o.id', 'ASC');
        break;
      case OpportunitySort.CLOSE_DATE_ASC:
        if (after) qb.andWhere('(o.closeDate, o.id) > (CAST(:afterKey AS date), :afterId)', after);
        qb.orderBy('o.closeDate', 'ASC').addOrderBy('o.id', 'ASC');
        break;
      default:
        if (after) qb.andWhere('(o.createdAt, o.id) < (CAST(:afterKey AS timestamptz), :afterId)', after);
        qb.orderBy('o.createdAt', 'DESC').addOrderBy('o.id', 'DESC');
    }
    return qb.limit(q.limit).getMany();
  }

  /** The newest `perCustomer` opportunities of each customer, in one statement for any number of customers. */
  newestByCustomerIds(tx: Transaction, customerIds: readonly string[], perCustomer: number): Promise<OpportunityEntity[]> {
    return this.on(tx)
      .createQueryBuilder('o')
      .where(
        `o.id IN (SELECT r.id FROM (
           SELECT x.id, row_number() OVER (PARTITION BY x.customer_id ORDER BY x.created_at DESC, x.id DESC) AS rn
           FROM opportunity x WHERE x.customer_id = ANY(:customerIds)
             AND (CAST(:scopePartnerId AS uuid) IS NULL OR x.partner_id = CAST(:scopePartnerId AS uuid))
         ) r WHERE r.rn <= :perCustomer)`,
        { customerIds, perCustomer, scopePartnerId: scopedPartnerId(tx.caller) },
      )
      .orderBy('o.customerId')
      .addOrderBy('o.createdAt', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .getMany();
  }

  /** The contacts of many opportunities with their contact rows, in one statement. */
  contactsOf(opportunityIds: readonly string[]): Promise<OpportunityContactEntity[]> {
    return this.contacts.find({
      where: { opportunityId: Any(opportunityIds) },
      relations: { contact: true },
      order: { opportunityId: 'ASC', role: 'ASC', contactId: 'ASC' },
    });
  }

  async replaceContacts(tx: Transaction, opportunityId: string, rows: OpportunityContactEntity[]): Promise<void> {
    const repo = tx.manager.getRepository(OpportunityContactEntity);
    await repo.delete({ opportunityId });
    if (rows.length) await repo.insert(rows);
  }

  async replaceLines(tx: Transaction, opportunityId: string, rows: OpportunityLineEntity[]): Promise<void> {
    const repo = tx.manager.getRepository(OpportunityLineEntity);
    await repo.delete({ opportunityId });
    if (rows.length) await repo.insert(rows);
  }

  linesOf(opportunityIds: readonly string[]): Promise<OpportunityLineEntity[]> {
    return this.lines.find({ where: { opportunityId: Any(opportunityIds) }, order: { opportunityId: 'ASC', position: 'ASC' } });
  }

  /** The sum of the lines' net amounts, inside the caller's transaction; null when there are none. */
  async linesTotal(tx: Transaction, opportunityId: string): Promise<string | null> {
    const [row] = await tx.manager.query<{ total: string | null }[]>(
      'SELECT sum(net_amount)::text AS total FROM opportunity_line WHERE opportunity_id = $1',
      [opportunityId],
    );
    return row?.total ?? null;
  }

  async insertStageChange(tx: Transaction, change: Omit<OpportunityStageChangeEntity, 'seq'>): Promise<void> {
    await tx.manager.getRepository(OpportunityStageChangeEntity).insert(change);
  }

  historyOf(opportunityIds: readonly string[]): Promise<OpportunityStageChangeEntity[]> {
    return this.history.find({ where: { opportunityId: Any(opportunityIds) }, order: { opportunityId: 'ASC', seq: 'ASC' } });
  }

  /** The newest history entry, inside the caller's transaction. */
  lastChange(tx: Transaction, opportunityId: string): Promise<OpportunityStageChangeEntity | null> {
    return tx.manager.getRepository(OpportunityStageChangeEntity).findOne({ where: { opportunityId }, order: { seq: 'DESC' } });
  }

  /** Hands every opportunity of one customer to another (customer merge); answers the ids that moved. */
  async moveToCustomer(tx: Transaction, fromCustomerId: string, toCustomerId: string): Promise<string[]> {
    const [rows] = await tx.manager.query<[{ id: string }[], number]>(
      `UPDATE opportunity SET customer_id = $2, updated_at = now()
       WHERE customer_id = $1 AND ($3::uuid IS NULL OR partner_id = $3) RETURNING id`,
      [fromCustomerId, toCustomerId, scopedPartnerId(tx.caller)],
    );
    return rows.map((r) => r.id);
  }
}
