import { SYSTEM_IDENTITY, type Identity } from '@crm/auth';
import { UnitOfWork } from '@crm/database';
import { ConflictError, NotFoundError } from '@crm/domain';
import { groupByKeys, type ConnectionShape } from '@crm/graphql';
import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { SalesConfig } from '../config/sales.config';
import type { ApiKeyEntity } from './api-key.entity';
import { apiKeyMatches, newApiKey, parseApiKey } from './api-key-secret';
import type { ServiceAccountEntity } from './service-account.entity';
import type { CreateServiceAccountInput, ServiceAccountsArgs } from './service-account.input';
import { SERVICE_ACCOUNT_CURSORS, ServiceAccountRepository } from './service-account.repository';

/** Live (unrevoked) keys one account may hold: enough to rotate without downtime, few enough to keep track of. */
export const LIVE_KEYS_MAX = 5;

/** What an API key is worth at the exchange. */
export type KeyCheck =
  | { status: 'valid'; account: ServiceAccountEntity }
  | { status: 'revoked'; revokedAt: Date }
  /** Not a key, no such key, or the wrong secret: told apart for nobody. */
  | { status: 'invalid' };

@Injectable()
export class ServiceAccountService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: ServiceAccountRepository,
    @Inject(SUBGRAPH_CONFIG) private readonly config: SalesConfig,
  ) {}

  create(caller: Identity, input: CreateServiceAccountInput): Promise<ServiceAccountEntity> {
    const roles = [...new Set(input.roles)];
    return this.uow.run(caller, async (tx) => {
      const account: ServiceAccountEntity = { id: randomUUID(), name: input.name, roles, createdBy: caller.userId, createdAt: new Date() };
      if (!(await this.repo.insertAccount(tx, account))) throw new ConflictError('name', 'another service account has this name');
      return account;
    });
  }

  /** A new key for the account: the whole key is in the answer and nowhere else, ever. */
  issueKey(caller: Identity, serviceAccountId: string): Promise<{ key: string; apiKey: ApiKeyEntity }> {
    return this.uow.run(caller, async (tx) => {
      // Locked, so two keys issued at once are counted one after the other.
      const account = await this.repo.findAccountForUpdate(tx, serviceAccountId);
      if (!account) throw new NotFoundError('ServiceAccount', serviceAccountId, 'serviceAccountId');
      if ((await this.repo.countLiveKeys(tx, account.id)) >= LIVE_KEYS_MAX)
        throw new ConflictError('serviceAccountId', `already has ${LIVE_KEYS_MAX} live keys: revoke one before issuing another`);
      const fresh = newApiKey(this.config.API_KEY_SECRET);
      const apiKey: ApiKeyEntity = {
        id: fresh.id,
        serviceAccountId: account.id,
        hash: fresh.hash,
        createdBy: caller.userId,
        createdAt: new Date(),
        revokedAt: null,
        lastUsedAt: null,
      };
      await this.repo.insertKey(tx, apiKey);
      return { key: fresh.key, apiKey };
    });
  }

  /** Revokes for good; revoking again changes nothing. Tokens already issued for it expire on their own (minutes). */
  revokeKey(caller: Identity, id: string): Promise<ApiKeyEntity> {
    return this.uow.run(caller, async (tx) => {
      const key = await this.repo.findKeyForUpdate(tx, id);
      if (!key) throw new NotFoundError('ApiKey', id, 'id');
      if (key.revokedAt) return key;
      const revokedAt = new Date();
      await this.repo.revokeKey(tx, id, revokedAt);
      return { ...key, revokedAt };
    });
  }

  /** Checks a key presented at the exchange, and records its use when it is good. */
  async check(presented: string): Promise<KeyCheck> {
    const parsed = parseApiKey(presented);
    if (!parsed) return { status: 'invalid' };
    return this.uow.run(SYSTEM_IDENTITY, async (tx) => {
      const key = await this.repo.findKeyWithAccount(tx, parsed.id);
      if (!key?.serviceAccount || !apiKeyMatches(this.config.API_KEY_SECRET, parsed.secret, key.hash)) return { status: 'invalid' };
      if (key.revokedAt) return { status: 'revoked', revokedAt: key.revokedAt };
      await this.repo.recordUse(tx, key.id, new Date());
      return { status: 'valid', account: key.serviceAccount };
    });
  }

  page(args: ServiceAccountsArgs): Promise<ConnectionShape<ServiceAccountEntity>> {
    return SERVICE_ACCOUNT_CURSORS.page({ ...args, sort: 'NAME_ASC' }, (q) => this.repo.page(q));
  }

  /** For DataLoader: each account's keys, newest first. */
  async keysOf(accountIds: readonly string[]): Promise<ApiKeyEntity[][]> {
    return groupByKeys(accountIds, await this.repo.keysOfAccounts(accountIds), (k) => k.serviceAccountId);
  }
}
