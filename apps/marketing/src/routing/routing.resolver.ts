import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { UserRef, userRef } from '@crm/graphql';
import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Lead } from '../leads/lead.object';
import { CreateRoutingRuleInput } from './routing.input';
import { RoutingRule, toRoutingRule } from './routing.object';
import { RoutingService } from './routing.service';

@CanRead('marketing')
@Resolver(() => Lead)
export class RoutingResolver {
  constructor(private readonly routing: RoutingService) {}

  @Query(() => [RoutingRule], { description: 'The assignment rules in the order they are tried (configuration: a short list).' })
  async leadRoutingRules(): Promise<RoutingRule[]> {
    return (await this.routing.rules()).map(toRoutingRule);
  }

  @CanWrite('marketing')
  @Mutation(() => RoutingRule, {
    description: 'Adds an assignment rule. An owner or team sales has not told marketing about is NOT_FOUND, naming the entry.',
  })
  async createLeadRoutingRule(@Args('input') input: CreateRoutingRuleInput, @CurrentIdentity() caller: Identity): Promise<RoutingRule> {
    return toRoutingRule(await this.routing.create(caller, input));
  }

  @ResolveField(() => UserRef, { nullable: true, description: 'The lead owner, resolved by sales; ownerId is its id.' })
  owner(@Parent() lead: Lead): UserRef | null {
    return userRef(lead.ownerId);
  }
}
