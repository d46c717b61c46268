import { CurrentIdentity, type Identity } from '@crm/auth';
import { mapNodes, ParseIdPipe, type GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AdminOnly } from '../users/admin-only';
import { CreateServiceAccountInput, ServiceAccountIdArgs, ServiceAccountsArgs } from './service-account.input';
import { ApiKey, IssuedApiKey, ServiceAccount, ServiceAccountConnection, toApiKey, toServiceAccount } from './service-account.object';
import { ServiceAccountService } from './service-account.service';

/** Integrations and their keys: an administrator's job, like the rest of the directory. */
@AdminOnly()
@Resolver(() => ServiceAccount)
export class ServiceAccountResolver {
  constructor(private readonly accounts: ServiceAccountService) {}

  @Query(() => ServiceAccountConnection, { description: 'Service accounts by name, a page at a time (admin only).' })
  async serviceAccounts(@Args() args: ServiceAccountsArgs): Promise<ServiceAccountConnection> {
    return mapNodes(await this.accounts.page(args), toServiceAccount);
  }

  @Mutation(() => ServiceAccount, { description: 'Adds an integration with the roles its tokens will carry (admin only).' })
  async createServiceAccount(
    @Args('input') input: CreateServiceAccountInput,
    @CurrentIdentity() caller: Identity,
  ): Promise<ServiceAccount> {
    return toServiceAccount(await this.accounts.create(caller, input));
  }

  @Mutation(() => IssuedApiKey, {
    description: 'Issues a key for a service account; the answer is the only time the key is shown (admin only).',
  })
  async issueApiKey(@Args() { serviceAccountId }: ServiceAccountIdArgs, @CurrentIdentity() caller: Identity): Promise<IssuedApiKey> {
    const issued = await this.accounts.issueKey(caller, serviceAccountId);
    return { key: issued.key, apiKey: toApiKey(issued.apiKey) };
  }

  @Mutation(() => ApiKey, { description: 'Revokes a key for good: it is refused at the exchange from now on (admin only).' })
  async revokeApiKey(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<ApiKey> {
    return toApiKey(await this.accounts.revokeKey(caller, id));
  }

  @ResolveField(() => [ApiKey], { description: 'Its keys, newest first, revoked ones included.' })
  async apiKeys(@Parent() account: ServiceAccount, @Context() ctx: GraphQLRequestContext): Promise<ApiKey[]> {
    const keys = await ctx.loaders.get('apiKeysByAccount', (ids) => this.accounts.keysOf(ids)).load(account.id);
    return keys.map(toApiKey);
  }
}
