import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { ParseIdPipe, UserRef, userRef } from '@crm/graphql';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Lead } from '../leads/lead.object';
import { CreateRoutingRuleInput, ReorderRoutingRulesInput, UpdateRoutingRuleInput } from './routing.input';
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

  @CanWrite('marketing')
  @Mutation(() => RoutingRule, {
    description: 'Replaces a rule (NOT_FOUND on id when there is none); the next routed lead is matched by what it says now.',
  })
  async updateLeadRoutingRule(@Args('input') input: UpdateRoutingRuleInput, @CurrentIdentity() caller: Identity): Promise<RoutingRule> {
    return toRoutingRule(await this.routing.update(caller, input));
  }

  @CanWrite('marketing')
  @Mutation(() => [RoutingRule], {
    description:
      'Puts the rules in the order given (positions 0, 1, 2...). Every rule, each once: a missing or repeated one is BAD_USER_INPUT, an unknown one NOT_FOUND, naming its entry.',
  })
  async reorderLeadRoutingRules(
    @Args('input') input: ReorderRoutingRulesInput,
    @CurrentIdentity() caller: Identity,
  ): Promise<RoutingRule[]> {
    return (await this.routing.reorder(caller, input.ids)).map(toRoutingRule);
  }

  @CanWrite('marketing')
  @Mutation(() => RoutingRule, { description: 'Deletes a rule: no lead is routed by it from then on. Answers the rule as it was.' })
  async deleteLeadRoutingRule(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<RoutingRule> {
    return toRoutingRule(await this.routing.delete(caller, id));
  }

  @ResolveField(() => UserRef, { nullable: true, description: 'The lead owner, resolved by sales; ownerId is its id.' })
  owner(@Parent() lead: Lead): UserRef | null {
    return userRef(lead.ownerId);
  }
}
