import type { Identity } from '@crm/auth';
import { UserActiveChanged, UserCreated, UserUpdated, type PayloadOf } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import type { ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { UserEntity } from './user.entity';
import type { CreateUserInput, UpdateUserInput, UsersArgs } from './user.input';
import { USER_CURSORS, UserRepository, type UserPatch } from './user.repository';

const PROFILE_FIELDS = ['name', 'email', 'title', 'timeZone', 'managerId', 'regionalOffice'] as const;

/** A user's profile as its events carry it. */
export function userPayload(u: UserEntity): Omit<PayloadOf<typeof UserUpdated>, 'changed' | 'updatedAt'> {
  return {
    userId: u.id,
    name: u.name,
    email: u.email,
    title: u.title,
    timeZone: u.timeZone,
    active: u.active,
    managerId: u.managerId,
    regionalOffice: u.regionalOffice,
  };
}

/** The user directory as an admin manages it. */
@Injectable()
export class UserService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly events: EventPublisher,
  ) {}

  create(caller: Identity, input: CreateUserInput): Promise<UserEntity> {
    return this.uow.run(caller, async (tx) => {
      if (input.managerId) await this.checkManager(tx, input.id, input.managerId);
      const now = new Date();
      const user: UserEntity = {
        id: input.id,
        name: input.name,
        email: input.email ?? null,
        title: input.title ?? null,
        timeZone: input.timeZone ?? null,
        active: true,
        managerId: input.managerId ?? null,
        regionalOffice: input.regionalOffice ?? null,
        createdAt: now,
        updatedAt: now,
      };
      if (!(await this.users.insertIfAbsent(tx, user))) throw new InvalidError('id', 'is already a user: update it instead');
      await this.events.publish(tx, UserCreated, { ...userPayload(user), origin: 'ADMIN', createdAt: now.toISOString() }, now);
      return user;
    });
  }

  update(caller: Identity, input: UpdateUserInput): Promise<UserEntity> {
    return this.uow.run(caller, async (tx) => {
      const existing = await this.users.findByIdForUpdate(tx, input.id);
      if (!existing) throw new NotFoundError('User', input.id, 'id');
      const patch: UserPatch = {};
      for (const field of PROFILE_FIELDS) {
        const value = input[field];
        // null clears a field; name cannot be null (the input refuses it).
        if (value !== undefined && value !== existing[field]) (patch as Record<string, unknown>)[field] = value;
      }
      if (patch.managerId) await this.checkManager(tx, existing.id, patch.managerId);
      const changed = Object.keys(patch);
      if (changed.length === 0) return existing;
      const updatedAt = new Date();
      await this.users.update(tx, existing.id, { ...patch, updatedAt });
      const updated = { ...existing, ...patch, updatedAt };
      await this.events.publish(tx, UserUpdated, { ...userPayload(updated), changed, updatedAt: updatedAt.toISOString() });
      return updated;
    });
  }

  /** Deactivates or reactivates; the same state again changes nothing and publishes nothing. */
  setActive(caller: Identity, id: string, active: boolean): Promise<UserEntity> {
    return this.uow.run(caller, async (tx) => {
      const existing = await this.users.findByIdForUpdate(tx, id);
      if (!existing) throw new NotFoundError('User', id, 'id');
      if (existing.active === active) return existing;
      const updatedAt = new Date();
      await this.users.update(tx, id, { active, updatedAt });
      await this.events.publish(tx, UserActiveChanged, { userId: id, active, changedAt: updatedAt.toISOString() });
      return { ...existing, active, updatedAt };
    });
  }

  /** For DataLoader: results in the order of `ids`, null where there is no such user. */
  async findByIds(ids: readonly string[]): Promise<(UserEntity | null)[]> {
    const byId = new Map((await this.users.findByIds(ids.map((id) => id.toLowerCase()))).map((u) => [u.id, u]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  }

  page(args: UsersArgs): Promise<ConnectionShape<UserEntity>> {
    return USER_CURSORS.page({ ...args, sort: 'NAME_ASC' }, (q) => this.users.page({ ...q, filter: args.filter ?? {} }));
  }

  /** The manager must exist and must not report, directly or not, to the user: a chain of managers has no cycle. */
  private async checkManager(tx: Transaction, userId: string, managerId: string): Promise<void> {
    if (managerId === userId) throw new InvalidError('managerId', 'a user cannot be their own manager');
    const [manager] = await this.users.findByIds([managerId], tx);
    if (!manager) throw new NotFoundError('User', managerId, 'managerId');
    if (await this.users.managesAbove(tx, managerId, userId)) {
      throw new InvalidError('managerId', 'reports to this user, directly or not: managers cannot form a cycle');
    }
  }
}
