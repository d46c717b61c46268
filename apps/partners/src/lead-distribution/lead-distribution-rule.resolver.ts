import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { mapNodes } from '@crm/graphql';
import { CallerCredential } from '@crm/references';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  CreateLeadDistributionRuleInput,
  LeadDistributionRulesArgs,
  SetLeadDistributionRuleActiveInput,
} from './lead-distribution-rule.input';
import { LeadDistributionRule, LeadDistributionRuleConnection, toLeadDistributionRule } from './lead-distribution-rule.object';
import { LeadDistributionRuleService } from './lead-distribution-rule.service';

// The channel team's: partners never see the rules.
@CanRead('partners')
@Resolver(() => LeadDistributionRule)
export class LeadDistributionRuleResolver {
  constructor(private readonly service: LeadDistributionRuleService) {}

  @Query(() => LeadDistributionRuleConnection, { description: 'Distribution rules in the order they are tried.' })
  async leadDistributionRules(
    @Args() args: LeadDistributionRulesArgs,
    @CurrentIdentity() caller: Identity,
  ): Promise<LeadDistributionRuleConnection> {
    return mapNodes(await this.service.page(caller, args), toLeadDistributionRule);
  }

  @CanWrite('partners')
  @Mutation(() => LeadDistributionRule, { description: 'Adds a rule; it applies from the next offer on.' })
  async createLeadDistributionRule(
    @Args('input') input: CreateLeadDistributionRuleInput,
    @CurrentIdentity() caller: Identity,
    @CallerCredential() credential: CallerCredential,
  ): Promise<LeadDistributionRule> {
    return toLeadDistributionRule(await this.service.create(caller, input, credential));
  }

  @CanWrite('partners')
  @Mutation(() => LeadDistributionRule, { description: 'Turns a rule off or on again; an unknown id is NOT_FOUND on id.' })
  async setLeadDistributionRuleActive(
    @Args('input') input: SetLeadDistributionRuleActiveInput,
    @CurrentIdentity() caller: Identity,
  ): Promise<LeadDistributionRule> {
    return toLeadDistributionRule(await this.service.setActive(caller, input));
  }
}
