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

  async insert(tx: Transaction, rule: RoutingRuleEntity): Promise<void> {
    await tx.manager.insert(RoutingRuleEntity, rule);
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
