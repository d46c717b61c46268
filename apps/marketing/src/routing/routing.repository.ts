import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { RoutingRuleEntity } from './routing-rule.entity';
import { SalesTeamMemberEntity } from './sales-team-member.entity';
import { SalesTeamEntity } from './sales-team.entity';
import { SalesUserEntity } from './sales-user.entity';

@Injectable()
export class RoutingRepository {
  constructor(@InjectRepository(RoutingRuleEntity) private readonly rules: Repository<RoutingRuleEntity>) {}

  all(): Promise<RoutingRuleEntity[]> {
    return this.rules.find({ order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' } });
  }

  /** Active rules in order, locked: two leads routed at once take different turns. */
  activeLocked(tx: Transaction): Promise<RoutingRuleEntity[]> {
    return tx.manager
      .createQueryBuilder(RoutingRuleEntity, 'r')
      .where('r.active')
      .orderBy('r.position', 'ASC')
      .addOrderBy('r.createdAt', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
  }

  /**
   * Every rule, locked, with the list's own lock: a reorder sees the whole list while nothing adds
   * to it (create takes the list's lock), changes or routes by it.
   */
  async allLocked(tx: Transaction): Promise<RoutingRuleEntity[]> {
    await this.lockList(tx);
    // In routing's order, so it and a reorder lock the rows they share in the same order.
    return tx.manager
      .createQueryBuilder(RoutingRuleEntity, 'r')
      .orderBy('r.position', 'ASC')
      .addOrderBy('r.createdAt', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
  }

  /** Serialises what depends on the whole list of rules: its size (the cap) and its order. */
  async lockList(tx: Transaction): Promise<void> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('routing_rule', 0))`);
  }

  lockById(tx: Transaction, id: string): Promise<RoutingRuleEntity | null> {
    return tx.manager.createQueryBuilder(RoutingRuleEntity, 'r').where('r.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  count(tx: Transaction): Promise<number> {
    return tx.manager.count(RoutingRuleEntity);
  }

  async insert(tx: Transaction, rule: RoutingRuleEntity): Promise<void> {
    await tx.manager.insert(RoutingRuleEntity, rule);
  }

  async update(tx: Transaction, rule: RoutingRuleEntity): Promise<void> {
    const { id, assigned: _turns, createdAt: _created, ...definition } = rule;
    await tx.manager.update(RoutingRuleEntity, { id }, definition);
  }

  /** Positions 0, 1, 2... in the order of `ids`, in one statement. */
  async setOrder(tx: Transaction, ids: readonly string[], at: Date): Promise<void> {
    await tx.manager.query(
      `UPDATE routing_rule r SET position = o.n - 1, updated_at = $2 FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, n) WHERE r.id = o.id`,
      [ids, at],
    );
  }

  async delete(tx: Transaction, id: string): Promise<void> {
    await tx.manager.delete(RoutingRuleEntity, { id });
  }

  async countAssigned(tx: Transaction, id: string, assigned: number): Promise<void> {
    await tx.manager.update(RoutingRuleEntity, { id }, { assigned });
  }

  /** Of `ids`, the users sales has told marketing about. */
  async knownUsers(tx: Transaction, ids: readonly string[]): Promise<Set<string>> {
    const rows = await tx.manager.query<{ id: string }[]>(`SELECT id FROM sales_user WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((r) => r.id));
  }

  async teamExists(tx: Transaction, id: string): Promise<boolean> {
    return (await tx.manager.countBy(SalesTeamEntity, { id })) > 0;
  }

  /** Who may be given a lead: the active ones of `ids`, in id order so the turns are stable. */
  async activeOf(tx: Transaction, ids: readonly string[]): Promise<string[]> {
    const rows = await tx.manager.query<{ id: string }[]>(`SELECT id FROM sales_user WHERE id = ANY($1::uuid[]) AND active ORDER BY id`, [
      ids,
    ]);
    return rows.map((r) => r.id);
  }

  async activeMembers(tx: Transaction, teamId: string): Promise<string[]> {
    const rows = await tx.manager.query<{ id: string }[]>(
      `SELECT u.id FROM sales_team_member m JOIN sales_user u ON u.id = m.user_id WHERE m.team_id = $1 AND u.active ORDER BY u.id`,
      [teamId],
    );
    return rows.map((r) => r.id);
  }

  async upsertUser(tx: Transaction, id: string, active: boolean): Promise<void> {
    await tx.manager.upsert(SalesUserEntity, { id, active }, ['id']);
  }

  async upsertTeam(tx: Transaction, id: string): Promise<void> {
    await tx.manager.upsert(SalesTeamEntity, { id }, ['id']);
  }

  async deleteTeam(tx: Transaction, id: string): Promise<void> {
    await tx.manager.delete(SalesTeamMemberEntity, { teamId: id });
    await tx.manager.delete(SalesTeamEntity, { id });
  }

  /** The team's whole membership after a change: the event carries it, so it simply replaces. */
  async setMembers(tx: Transaction, teamId: string, userIds: readonly string[]): Promise<void> {
    await this.upsertTeam(tx, teamId);
    await tx.manager.delete(SalesTeamMemberEntity, { teamId });
    if (userIds.length)
      await tx.manager.insert(
        SalesTeamMemberEntity,
        userIds.map((userId) => ({ teamId, userId })),
      );
  }
}
