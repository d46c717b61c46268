import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { Any } from 'typeorm';
import { CommissionPlanEntity } from './commission-plan.entity';
import { CommissionRateEntity } from './commission-rate.entity';

/** Newest validFrom first. */
export const COMMISSION_PLAN_CURSORS = new KeysetCursors('commissionPlans', {
  VALID_FROM_DESC: { validFrom: 'timestamp', id: 'uuid' },
});

export type CommissionPlanKeyset = KeysetOf<typeof COMMISSION_PLAN_CURSORS.sorts, 'VALID_FROM_DESC'>;

/** The rate that prices a won opportunity: the plan in effect when it was won, and its most specific rate that applies. */
export interface AppliedRate {
  planId: string;
  ratePercent: string;
}

@Injectable()
export class CommissionPlanRepository {
  async insert(tx: Transaction, plan: CommissionPlanEntity, rates: CommissionRateEntity[]): Promise<void> {
    await tx.manager.getRepository(CommissionPlanEntity).insert(plan);
    await tx.manager.getRepository(CommissionRateEntity).insert(rates);
  }

  page(tx: Transaction, after: CommissionPlanKeyset | null, limit: number): Promise<CommissionPlanEntity[]> {
    const qb = tx.manager.getRepository(CommissionPlanEntity).createQueryBuilder('p');
    if (after) qb.andWhere('(p.validFrom, p.id) < (:t, :id)', { t: after.validFrom, id: after.id });
    return qb.orderBy('p.validFrom', 'DESC').addOrderBy('p.id', 'DESC').limit(limit).getMany();
  }

  ratesOf(tx: Transaction, planIds: readonly string[]): Promise<CommissionRateEntity[]> {
    return tx.manager
      .getRepository(CommissionRateEntity)
      .find({ where: { planId: Any([...planIds]) }, order: { tier: 'ASC', productId: 'ASC', minAmount: 'ASC' } });
  }

  /**
   * The plan in effect at `at` (the latest validFrom not after it), and of its rates the one for
   * this product over any product, then this tier over any tier, then the highest amount band the
   * opportunity reaches. Null when no plan or no rate applies.
   */
  async applicable(tx: Transaction, at: Date, tier: string, productId: string | null, amount: string): Promise<AppliedRate | null> {
    const [row] = await tx.manager.query<{ plan_id: string; rate_percent: string }[]>(
      `SELECT r.plan_id, r.rate_percent::text FROM commission_rate r
       WHERE r.plan_id = (SELECT id FROM commission_plan WHERE valid_from <= $1 ORDER BY valid_from DESC, id DESC LIMIT 1)
         AND (r.tier IS NULL OR r.tier = $2) AND (r.product_id IS NULL OR r.product_id = $3) AND r.min_amount <= $4::numeric
       ORDER BY (r.product_id IS NOT NULL) DESC, (r.tier IS NOT NULL) DESC, r.min_amount DESC LIMIT 1`,
      [at, tier, productId, amount],
    );
    return row ? { planId: row.plan_id, ratePercent: row.rate_percent } : null;
  }
}
