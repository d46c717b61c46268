import { Connection } from '@crm/graphql';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { ApiKeyEntity } from './api-key.entity';
import { apiKeyPrefix } from './api-key-secret';
import type { ServiceAccountEntity } from './service-account.entity';
import { ServiceAccountRole } from './service-account.input';

@ObjectType({ description: 'An integration that calls the graph with tokens it gets for its API keys (POST /auth/token).' })
export class ServiceAccount {
  @Field(() => ID, { description: 'The `sub` of its tokens.' })
  id!: string;

  @Field()
  name!: string;

  @Field(() => [ServiceAccountRole])
  roles!: ServiceAccountRole[];

  @Field(() => ID, { nullable: true, description: 'The admin who created it.' })
  createdBy!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType()
export class ServiceAccountConnection extends Connection(ServiceAccount) {}

@ObjectType({ description: 'An API key as lists show it: never the key itself, which is shown once when issued.' })
export class ApiKey {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  serviceAccountId!: string;

  @Field({ description: 'The start of the key (`crmk_1a2b3c4d`), to tell keys apart.' })
  prefix!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was last exchanged for a token.' })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Set once revoked: it is never exchanged again.' })
  revokedAt!: Date | null;
}

@ObjectType({ description: 'A new key and, this once, its secret.' })
export class IssuedApiKey {
  @Field({ description: 'The whole key: store it now, it is not shown again. Exchange it at POST /auth/token.' })
  key!: string;

  @Field(() => ApiKey)
  apiKey!: ApiKey;
}

export function toServiceAccount(e: ServiceAccountEntity): ServiceAccount {
  return { id: e.id, name: e.name, roles: e.roles as ServiceAccountRole[], createdBy: e.createdBy, createdAt: e.createdAt };
}

export function toApiKey(e: ApiKeyEntity): ApiKey {
  return {
    id: e.id,
    serviceAccountId: e.serviceAccountId,
    prefix: apiKeyPrefix(e.id),
    createdAt: e.createdAt,
    lastUsedAt: e.lastUsedAt,
    revokedAt: e.revokedAt,
  };
}
