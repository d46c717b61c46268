import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { UserEntity } from './user.entity';
import type { UserFilter } from './user.input';

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Users page by name, then id: a directory is read alphabetically. */
export const USER_CURSORS = new KeysetCursors('users', { NAME_ASC: { name: 'string', id: 'uuid' } });

export interface UserPageQuery {
  filter: UserFilter;
  after: KeysetOf<typeof USER_CURSORS.sorts, 'NAME_ASC'> | null;
  limit: number;
}

export type UserPatch = Partial<Pick<UserEntity, 'name' | 'email' | 'title' | 'timeZone' | 'active' | 'managerId' | 'regionalOffice'>>;

@Injectable()
export class UserRepository {
  constructor(@InjectRepository(UserEntity) private readonly repo: Repository<UserEntity>) {}

  private on(tx?: Transaction): Repository<UserEntity> {
    return tx ? tx.manager.getRepository(UserEntity) : this.repo;
  }

  /** INSERT ... ON CONFLICT DO NOTHING: true when this call created the row (a sign-in racing an admin creates it once). */
  async insertIfAbsent(tx: Transaction, user: UserEntity): Promise<boolean> {
    const result = await this.on(tx).createQueryBuilder().insert().values(user).orIgnore().returning('id').execute();
    return (result.raw as unknown[]).length === 1;
  }

  findByIds(ids: readonly string[], tx?: Transaction): Promise<UserEntity[]> {
    return this.on(tx).findBy({ id: Any([...ids]) });
  }

  findByIdForUpdate(tx: Transaction, id: string): Promise<UserEntity | null> {
    return this.on(tx).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(tx: Transaction, id: string, patch: UserPatch & { updatedAt: Date }): Promise<void> {
    await this.on(tx).update({ id }, patch);
  }

  /** Whether `userId` is `managerId` or above it in the chain of managers: making it the manager would close a cycle. */
  async managesAbove(tx: Transaction, managerId: string, userId: string): Promise<boolean> {
    const rows = await tx.manager.query<unknown[]>(
      `WITH RECURSIVE chain(id) AS (
         SELECT $1::uuid
         UNION SELECT u.manager_id FROM app_user u JOIN chain c ON u.id = c.id WHERE u.manager_id IS NOT NULL
       )
       SELECT 1 FROM chain WHERE id = $2::uuid LIMIT 1`,
      [managerId, userId],
    );
    return rows.length > 0;
  }

  page(q: UserPageQuery): Promise<UserEntity[]> {
    const qb = this.repo.createQueryBuilder('u');
    if (q.filter.active !== undefined) qb.andWhere('u.active = :active', { active: q.filter.active });
    if (q.filter.managerId) qb.andWhere('u.managerId = :managerId', { managerId: q.filter.managerId });
    if (q.filter.teamId) {
      qb.andWhere('u.id IN (SELECT m.user_id FROM team_member m WHERE m.team_id = :teamId)', { teamId: q.filter.teamId });
    }
    if (q.filter.nameContains) {
      qb.andWhere(`(u.name ILIKE :s ESCAPE '\\' OR u.email ILIKE :s ESCAPE '\\')`, { s: `%${escapeLike(q.filter.nameContains)}%` });
    }
    if (q.after) qb.andWhere('(u.name, u.id) > (:name, :id)', { name: q.after.name, id: q.after.id });
    return qb.orderBy('u.name', 'ASC').addOrderBy('u.id', 'ASC').limit(q.limit).getMany();
  }
}
