import type { Transaction } from '@crm/database';
import { KeysetCursors } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { LeadScoreChangeEntity } from './lead-score-change.entity';
import { LeadScoreEntity } from './lead-score.entity';
import { ScoringRuleEntity } from './scoring-rule.entity';

export const SCORE_HISTORY_CURSORS = new KeysetCursors('leadScoreHistory', {
  OCCURRED_AT_DESC: { occurredAt: 'timestamp', id: 'uuid' },
});

@Injectable()
export class ScoringRepository {
  constructor(
    @InjectRepository(ScoringRuleEntity) private readonly rules: Repository<ScoringRuleEntity>,
    @InjectRepository(LeadScoreEntity) private readonly scores: Repository<LeadScoreEntity>,
  ) {}

  allRules(tx?: Transaction): Promise<ScoringRuleEntity[]> {
    const repo = tx ? tx.manager.getRepository(ScoringRuleEntity) : this.rules;
    return repo.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  countRules(tx: Transaction): Promise<number> {
    return tx.manager.count(ScoringRuleEntity);
  }

  async insertRule(tx: Transaction, rule: ScoringRuleEntity): Promise<void> {
    await tx.manager.insert(ScoringRuleEntity, rule);
  }

  async updateRule(tx: Transaction, id: string, patch: Partial<ScoringRuleEntity>): Promise<ScoringRuleEntity | null> {
    const repo = tx.manager.getRepository(ScoringRuleEntity);
    const { affected } = await repo.update({ id }, patch);
    return affected ? repo.findOneByOrFail({ id }) : null;
  }

  /** The caller holds the lead's row lock, so scores of one lead change one at a time. */
  score(tx: Transaction, leadId: string): Promise<LeadScoreEntity | null> {
    return tx.manager.findOneBy(LeadScoreEntity, { leadId });
  }

  /** The scores of leads the caller holds the row locks of. */
  scoresIn(tx: Transaction, leadIds: readonly string[]): Promise<LeadScoreEntity[]> {
    return tx.manager.findBy(LeadScoreEntity, { leadId: Any([...leadIds]) });
  }

  /** Scores and their history rows, a statement each however many leads. */
  async saveScores(tx: Transaction, scores: LeadScoreEntity[], changes: LeadScoreChangeEntity[]): Promise<void> {
    if (scores.length) await tx.manager.upsert(LeadScoreEntity, scores, ['leadId']);
    if (changes.length) await tx.manager.insert(LeadScoreChangeEntity, changes);
  }

  scoresOf(leadIds: readonly string[]): Promise<LeadScoreEntity[]> {
    return this.scores.findBy({ leadId: Any([...leadIds]) });
  }

  /** Lead ids after `after`, in id order: the walk a rule change rescores. */
  async leadIdsAfter(after: string | null, limit: number): Promise<string[]> {
    const rows = await this.scores.manager.query<{ id: string }[]>(
      `SELECT id FROM lead WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => r.id);
  }

  history(leadId: string, q: { after: { occurredAt: Date; id: string } | null; limit: number }): Promise<LeadScoreChangeEntity[]> {
    const qb = this.scores.manager.createQueryBuilder(LeadScoreChangeEntity, 'c').where('c.leadId = :leadId', { leadId });
    if (q.after) qb.andWhere('(c.occurredAt, c.id) < (:t, :id)', { t: q.after.occurredAt, id: q.after.id });
    return qb.orderBy('c.occurredAt', 'DESC').addOrderBy('c.id', 'DESC').limit(q.limit).getMany();
  }
}
