import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, IsNull, type Repository } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { ServiceAccountEntity } from './service-account.entity';

/** Service accounts page by name (unique), then id. */
export const SERVICE_ACCOUNT_CURSORS = new KeysetCursors('serviceAccounts', { NAME_ASC: { name: 'string', id: 'uuid' } });

export interface ServiceAccountPageQuery {
  after: KeysetOf<typeof SERVICE_ACCOUNT_CURSORS.sorts, 'NAME_ASC'> | null;
  limit: number;
}

@Injectable()
export class ServiceAccountRepository {
  constructor(
    @InjectRepository(ServiceAccountEntity) private readonly accounts: Repository<ServiceAccountEntity>,
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
  ) {}

  /** INSERT ... ON CONFLICT DO NOTHING: false when the name (or id) is taken. */
  async insertAccount(tx: Transaction, account: ServiceAccountEntity): Promise<boolean> {
    const result = await tx.manager
      .getRepository(ServiceAccountEntity)
      .createQueryBuilder()
      .insert()
      .values(account)
      .orIgnore()
      .returning('id')
      .execute();
    return (result.raw as unknown[]).length === 1;
  }

  findAccountForUpdate(tx: Transaction, id: string): Promise<ServiceAccountEntity | null> {
    return tx.manager.getRepository(ServiceAccountEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  countLiveKeys(tx: Transaction, accountId: string): Promise<number> {
    return tx.manager.getRepository(ApiKeyEntity).countBy({ serviceAccountId: accountId, revokedAt: IsNull() });
  }

  async insertKey(tx: Transaction, key: ApiKeyEntity): Promise<void> {
    await tx.manager.getRepository(ApiKeyEntity).insert(key);
  }

  findKeyForUpdate(tx: Transaction, id: string): Promise<ApiKeyEntity | null> {
    return tx.manager.getRepository(ApiKeyEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Sets revoked_at once: a second revocation keeps the first time. */
  async revokeKey(tx: Transaction, id: string, at: Date): Promise<void> {
    await tx.manager.getRepository(ApiKeyEntity).update({ id, revokedAt: IsNull() }, { revokedAt: at });
  }

  /** The key and its account, for an exchange. */
  findKeyWithAccount(tx: Transaction, id: string): Promise<ApiKeyEntity | null> {
    return tx.manager.getRepository(ApiKeyEntity).findOne({ where: { id }, relations: { serviceAccount: true } });
  }

  async recordUse(tx: Transaction, id: string, at: Date): Promise<void> {
    await tx.manager.getRepository(ApiKeyEntity).update({ id }, { lastUsedAt: at });
  }

  /** Every key of these accounts, newest first: one statement for a page of accounts. */
  keysOfAccounts(accountIds: readonly string[]): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: { serviceAccountId: Any([...accountIds]) }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  page(q: ServiceAccountPageQuery): Promise<ServiceAccountEntity[]> {
    const qb = this.accounts.createQueryBuilder('a');
    if (q.after) qb.andWhere('(a.name, a.id) > (:name, :id)', { name: q.after.name, id: q.after.id });
    return qb.orderBy('a.name', 'ASC').addOrderBy('a.id', 'ASC').limit(q.limit).getMany();
  }
}
