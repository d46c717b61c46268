import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { LeadDistributionRuleEntity } from './lead-distribution-rule.entity';

/** In the order rules are tried: (priority, id). */
export const LEAD_DISTRIBUTION_RULE_CURSORS = new KeysetCursors('leadDistributionRules', {
  PRIORITY_ASC: { priority: 'integer', id: 'uuid' },
});

type RuleKeyset = KeysetOf<typeof LEAD_DISTRIBUTION_RULE_CURSORS.sorts, 'PRIORITY_ASC'>;

/** Distribution rules: the channel team's, never shown to partners. */
@Injectable()
export class LeadDistributionRuleRepository {
  private on(tx: Transaction): Repository<LeadDistributionRuleEntity> {
    return tx.manager.getRepository(LeadDistributionRuleEntity);
  }

  async insert(tx: Transaction, rule: LeadDistributionRuleEntity): Promise<void> {
    await this.on(tx).insert(rule);
  }

  async save(tx: Transaction, rule: LeadDistributionRuleEntity): Promise<void> {
    await this.on(tx).save(rule);
  }

  findForUpdate(tx: Transaction, id: string): Promise<LeadDistributionRuleEntity | null> {
    return this.on(tx).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  page(tx: Transaction, after: RuleKeyset | null, limit: number): Promise<LeadDistributionRuleEntity[]> {
    const qb = this.on(tx).createQueryBuilder('r');
    if (after) qb.andWhere('(r.priority, r.id) > (:p, :id)', { p: after.priority, id: after.id });
    return qb.orderBy('r.priority', 'ASC').addOrderBy('r.id', 'ASC').limit(limit).getMany();
  }
}
