import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { TeamCreated, TeamDeleted, TeamMembersChanged, TeamUpdated } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { groupByKeys, type ConnectionShape, type ConnectionArgs } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { TeamEntity } from './team.entity';
import type { UserEntity } from './user.entity';
import { TEAM_MEMBERS_MAX, type CreateTeamInput, type TeamMembersInput, type UpdateTeamInput } from './user.input';
import { TEAM_CURSORS, TeamRepository } from './team.repository';
import { UserRepository } from './user.repository';

const unique = (ids: string[]): string[] => [...new Set(ids.map((id) => id.toLowerCase()))];

@Injectable()
export class TeamService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly teams: TeamRepository,
    private readonly users: UserRepository,
    private readonly events: EventPublisher,
  ) {}

  create(caller: Identity, input: CreateTeamInput): Promise<TeamEntity> {
    return this.uow.run(caller, async (tx) => {
      await this.checkName(tx, input.name);
      if (input.managerId) await this.checkUsers(tx, [input.managerId], 'managerId');
      const memberIds = unique(input.memberIds ?? []);
      await this.checkUsers(tx, memberIds, 'memberIds');
      const now = new Date();
      const team: TeamEntity = { id: randomUUID(), name: input.name, managerId: input.managerId ?? null, createdAt: now, updatedAt: now };
      await this.teams.insert(tx, team);
      await this.events.publish(tx, TeamCreated, {
        teamId: team.id,
        name: team.name,
        managerId: team.managerId,
        createdAt: now.toISOString(),
      });
      if (memberIds.length) await this.changeMembers(tx, team.id, memberIds, []);
      return team;
    });
  }

  update(caller: Identity, input: UpdateTeamInput): Promise<TeamEntity> {
    return this.uow.run(caller, async (tx) => {
      const existing = await this.lock(tx, input.id, 'id');
      const patch: Partial<Pick<TeamEntity, 'name' | 'managerId'>> = {};
      if (input.name !== undefined && input.name !== existing.name) {
        if (input.name.toLowerCase() !== existing.name.toLowerCase()) await this.checkName(tx, input.name);
        patch.name = input.name;
      }
      if (input.managerId !== undefined && input.managerId !== existing.managerId) {
        if (input.managerId) await this.checkUsers(tx, [input.managerId], 'managerId');
        patch.managerId = input.managerId;
      }
      const changed = Object.keys(patch);
      if (changed.length === 0) return existing;
      const updatedAt = new Date();
      await this.teams.update(tx, existing.id, { ...patch, updatedAt });
      const updated = { ...existing, ...patch, updatedAt };
      await this.events.publish(tx, TeamUpdated, {
        teamId: updated.id,
        name: updated.name,
        managerId: updated.managerId,
        changed,
        updatedAt: updatedAt.toISOString(),
      });
      return updated;
    });
  }

  delete(caller: Identity, id: string): Promise<TeamEntity> {
    return this.uow.run(caller, async (tx) => {
      const existing = await this.lock(tx, id, 'id');
      await this.teams.delete(tx, id);
      await this.events.publish(tx, TeamDeleted, { teamId: id, deletedAt: new Date().toISOString() });
      return existing;
    });
  }

  /** Adds users to a team; those already in it are left alone, and nothing is published when nothing changed. */
  addMembers(caller: Identity, input: TeamMembersInput): Promise<TeamEntity> {
    return this.uow.run(caller, async (tx) => {
      const team = await this.lock(tx, input.teamId, 'teamId');
      const userIds = unique(input.userIds);
      await this.checkUsers(tx, userIds, 'userIds');
      await this.changeMembers(tx, team.id, userIds, []);
      return team;
    });
  }

  removeMembers(caller: Identity, input: TeamMembersInput): Promise<TeamEntity> {
    return this.uow.run(caller, async (tx) => {
      const team = await this.lock(tx, input.teamId, 'teamId');
      await this.changeMembers(tx, team.id, [], unique(input.userIds));
      return team;
    });
  }

  async findByIds(ids: readonly string[]): Promise<(TeamEntity | null)[]> {
    const byId = new Map((await this.teams.findByIds(ids.map((id) => id.toLowerCase()))).map((t) => [t.id, t]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  }

  page(args: ConnectionArgs): Promise<ConnectionShape<TeamEntity>> {
    return TEAM_CURSORS.page({ ...args, sort: 'NAME_ASC' }, (q) => this.teams.page(q));
  }

  async membersOfTeams(teamIds: readonly string[]): Promise<UserEntity[][]> {
    const rows = await this.teams.membersOfTeams(teamIds);
    return groupByKeys(teamIds, rows, (m) => m.teamId).map((ms) => ms.map((m) => m.user!));
  }

  async teamsOfUsers(userIds: readonly string[]): Promise<TeamEntity[][]> {
    const rows = await this.teams.teamsOfUsers(userIds);
    return groupByKeys(userIds, rows, (m) => m.userId).map((ms) => ms.map((m) => m.team!));
  }

  /** Applies a membership change and publishes it with the membership after it; nothing when nothing changed. */
  private async changeMembers(tx: Transaction, teamId: string, add: string[], remove: string[]): Promise<void> {
    const before = new Set(await this.teams.memberIds(tx, teamId));
    const added = add.filter((id) => !before.has(id));
    const removed = remove.filter((id) => before.has(id));
    if (added.length === 0 && removed.length === 0) return;
    if (before.size + added.length - removed.length > TEAM_MEMBERS_MAX) {
      throw new InvalidError('userIds', `a team has at most ${TEAM_MEMBERS_MAX} members; it has ${before.size}`);
    }
    await this.teams.addMembers(tx, teamId, added);
    if (removed.length) await this.teams.removeMembers(tx, teamId, removed);
    const memberIds = [...[...before].filter((id) => !removed.includes(id)), ...added].sort();
    await this.events.publish(tx, TeamMembersChanged, { teamId, added, removed, memberIds, changedAt: new Date().toISOString() });
  }

  private async lock(tx: Transaction, id: string, field: string): Promise<TeamEntity> {
    const team = await this.teams.findByIdForUpdate(tx, id);
    if (!team) throw new NotFoundError('Team', id, field);
    return team;
  }

  private async checkName(tx: Transaction, name: string): Promise<void> {
    if (await this.teams.findByName(tx, name)) throw new InvalidError('name', `a team named "${name}" exists`);
  }

  /** Every id names a user; the first that does not is refused, naming the field. */
  private async checkUsers(tx: Transaction, ids: string[], field: string): Promise<void> {
    if (ids.length === 0) return;
    const found = new Set((await this.users.findByIds(ids, tx)).map((u) => u.id));
    const missing = ids.find((id) => !found.has(id.toLowerCase()));
    if (missing) throw new NotFoundError('User', missing, field);
  }
}
