import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { TeamMemberEntity } from './team-member.entity';
import { TeamEntity } from './team.entity';

export const TEAM_CURSORS = new KeysetCursors('teams', { NAME_ASC: { name: 'string', id: 'uuid' } });

export interface TeamPageQuery {
  after: KeysetOf<typeof TEAM_CURSORS.sorts, 'NAME_ASC'> | null;
  limit: number;
}

@Injectable()
export class TeamRepository {
  constructor(@InjectRepository(TeamEntity) private readonly repo: Repository<TeamEntity>) {}

  private on(tx?: Transaction): Repository<TeamEntity> {
    return tx ? tx.manager.getRepository(TeamEntity) : this.repo;
  }

  async insert(tx: Transaction, team: TeamEntity): Promise<void> {
    await this.on(tx).insert(team);
  }

  findByIds(ids: readonly string[]): Promise<TeamEntity[]> {
    return this.repo.findBy({ id: Any([...ids]) });
  }

  findByName(tx: Transaction, name: string): Promise<TeamEntity | null> {
    return tx.manager.getRepository(TeamEntity).createQueryBuilder('t').where('lower(t.name) = lower(:name)', { name }).getOne();
  }

  findByIdForUpdate(tx: Transaction, id: string): Promise<TeamEntity | null> {
    return this.on(tx).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(tx: Transaction, id: string, patch: Partial<Pick<TeamEntity, 'name' | 'managerId'>> & { updatedAt: Date }): Promise<void> {
    await this.on(tx).update({ id }, patch);
  }

  async delete(tx: Transaction, id: string): Promise<void> {
    await this.on(tx).delete({ id });
  }

  page(q: TeamPageQuery): Promise<TeamEntity[]> {
    const qb = this.repo.createQueryBuilder('t');
    if (q.after) qb.andWhere('(t.name, t.id) > (:name, :id)', { name: q.after.name, id: q.after.id });
    return qb.orderBy('t.name', 'ASC').addOrderBy('t.id', 'ASC').limit(q.limit).getMany();
  }

  memberIds(tx: Transaction, teamId: string): Promise<string[]> {
    return tx.manager
      .getRepository(TeamMemberEntity)
      .find({ where: { teamId }, order: { userId: 'ASC' } })
      .then((rows) => rows.map((r) => r.userId));
  }

  /** Adds members in one statement; those already in the team stay as they were. */
  async addMembers(tx: Transaction, teamId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    await tx.manager.query(`INSERT INTO team_member (team_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [
      teamId,
      userIds,
    ]);
  }

  async removeMembers(tx: Transaction, teamId: string, userIds: string[]): Promise<void> {
    await tx.manager.query(`DELETE FROM team_member WHERE team_id = $1 AND user_id = ANY($2::uuid[])`, [teamId, userIds]);
  }

  /** Members of many teams at once (DataLoader), with their user rows, by name. */
  membersOfTeams(teamIds: readonly string[]): Promise<TeamMemberEntity[]> {
    return this.repo.manager.getRepository(TeamMemberEntity).find({
      where: { teamId: Any([...teamIds]) },
      relations: { user: true },
      order: { user: { name: 'ASC', id: 'ASC' } },
    });
  }

  /** Teams of many users at once (DataLoader), with their team rows, by name. */
  teamsOfUsers(userIds: readonly string[]): Promise<TeamMemberEntity[]> {
    return this.repo.manager.getRepository(TeamMemberEntity).find({
      where: { userId: Any([...userIds]) },
      relations: { team: true },
      order: { team: { name: 'ASC', id: 'ASC' } },
    });
  }

  /** The user and everyone in the teams they are in or manage. */
  async teammatesOf(userId: string): Promise<string[]> {
    const rows = await this.repo.manager.query<{ user_id: string }[]>(
      `SELECT m.user_id FROM team_member m
       WHERE m.team_id IN (SELECT team_id FROM team_member WHERE user_id = $1 UNION SELECT id FROM team WHERE manager_id = $1)
       UNION SELECT $1::uuid`,
      [userId],
    );
    return rows.map((r) => r.user_id);
  }
}
