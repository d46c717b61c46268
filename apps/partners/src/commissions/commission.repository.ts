import { scopedPartnerId } from '@crm/auth';
import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { Any, type Repository } from 'typeorm';
import { CommissionEntity } from './commission.entity';
import type { CommissionStatus } from './commission.enums';

/** Newest first: (accruedAt, id). */
export const COMMISSION_CURSORS = new KeysetCursors('commissions', {
  ACCRUED_AT_DESC: { accruedAt: 'timestamp', id: 'uuid' },
});

export type CommissionKeyset = KeysetOf<typeof COMMISSION_CURSORS.sorts, 'ACCRUED_AT_DESC'>;

export interface CommissionQuery {
  partnerId?: string | null;
  status?: CommissionStatus | null;
  period?: string | null;
}

/** What a won opportunity needs to be priced: the partner's tier, and the product of the registration it came from. */
export interface CommissionContext {
  tier: string;
  registrationId: string | null;
  productId: string | null;
}

/** A partner's totals for one currency in one period, as numeric(19,4) strings. */
export interface StatementRow {
  currency: string;
  accrued: string;
  approved: string;
  paid: string;
  reversed: string;
  count: number;
}

/** Commissions, filtered by the caller's partner here and by row-level security. */
@Injectable()
export class CommissionRepository {
  private on(tx: Transaction): Repository<CommissionEntity> {
    return tx.manager.getRepository(CommissionEntity);
  }

  async context(tx: Transaction, partnerId: string, opportunityId: string): Promise<CommissionContext | null> {
    const [row] = await tx.manager.query<{ tier: string; registration_id: string | null; product_id: string | null }[]>(
      `SELECT p.tier, r.id AS registration_id, r.product_id FROM partner p
       LEFT JOIN deal_registration r ON r.opportunity_id = $2 AND r.partner_id = p.id WHERE p.id = $1`,
      [partnerId, opportunityId],
    );
    return row ? { tier: row.tier, registrationId: row.registration_id, productId: row.product_id } : null;
  }

  /** Inserts it unless the opportunity already has one; whether it did. */
  async insertOnce(tx: Transaction, c: CommissionEntity): Promise<boolean> {
    const result = await this.on(tx).createQueryBuilder().insert().values(c).orIgnore().returning('id').execute();
    // pg answers an INSERT … RETURNING with the rows written: none when the opportunity already had one.
    return (result.raw as unknown[]).length > 0;
  }

  async save(tx: Transaction, c: CommissionEntity): Promise<void> {
    await this.on(tx).save(c);
  }

  /** The opportunity's commission, locked until the transaction ends. */
  findByOpportunityForUpdate(tx: Transaction, opportunityId: string): Promise<CommissionEntity | null> {
    return this.on(tx).findOne({ where: { opportunityId }, lock: { mode: 'pessimistic_write' } });
  }

  findForUpdate(tx: Transaction, id: string): Promise<CommissionEntity | null> {
    const partnerId = scopedPartnerId(tx.caller);
    return this.on(tx).findOne({ where: partnerId ? { id, partnerId } : { id }, lock: { mode: 'pessimistic_write' } });
  }

  findByIds(tx: Transaction, ids: readonly string[]): Promise<CommissionEntity[]> {
    const partnerId = scopedPartnerId(tx.caller);
    return this.on(tx).findBy(partnerId ? { id: Any([...ids]), partnerId } : { id: Any([...ids]) });
  }

  /** One keyset page, newest first; a partner's own only, whatever partnerId the filter names. */
  page(tx: Transaction, q: CommissionQuery, after: CommissionKeyset | null, limit: number): Promise<CommissionEntity[]> {
    const qb = this.on(tx).createQueryBuilder('c');
    const scoped = scopedPartnerId(tx.caller);
    if (scoped) qb.andWhere('c.partnerId = :scoped', { scoped });
    if (q.partnerId) qb.andWhere('c.partnerId = :partnerId', { partnerId: q.partnerId });
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (q.period) qb.andWhere('c.period = :period', { period: q.period });
    if (after) qb.andWhere('(c.accruedAt, c.id) < (:t, :id)', { t: after.accruedAt, id: after.id });
    return qb.orderBy('c.accruedAt', 'DESC').addOrderBy('c.id', 'DESC').limit(limit).getMany();
  }

  /** Whether the partner exists and the caller may see it (row-level security hides every other partner from a partner). */
  async partnerExists(tx: Transaction, partnerId: string): Promise<boolean> {
    return (await tx.manager.query<unknown[]>('SELECT 1 FROM partner WHERE id = $1', [partnerId])).length > 0;
  }

  /** A partner's totals per currency for one period: every status summed apart, in SQL, exactly. */
  statement(tx: Transaction, partnerId: string, period: string): Promise<StatementRow[]> {
    return tx.manager.query<StatementRow[]>(
      `SELECT currency,
              COALESCE(sum(amount) FILTER (WHERE status <> 'REVERSED'), 0)::numeric(19,4)::text AS accrued,
              COALESCE(sum(amount) FILTER (WHERE status = 'APPROVED'), 0)::numeric(19,4)::text AS approved,
              COALESCE(sum(amount) FILTER (WHERE status = 'PAID'), 0)::numeric(19,4)::text AS paid,
              COALESCE(sum(amount) FILTER (WHERE status = 'REVERSED'), 0)::numeric(19,4)::text AS reversed,
              count(*)::int AS count
       FROM commission WHERE partner_id = $1 AND period = $2 GROUP BY currency ORDER BY currency`,
      [partnerId, period],
    );
  }
}
