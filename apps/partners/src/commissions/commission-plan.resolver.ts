import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { mapNodes } from '@crm/graphql';
import { CallerCredential } from '@crm/references';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommissionPlansArgs, CreateCommissionPlanInput } from './commission.input';
import { CommissionPlan, CommissionPlanConnection, toCommissionPlan } from './commission.object';
import { CommissionPlanService, type PlanWithRates } from './commission-plan.service';

const toPlan = ({ plan, rates }: PlanWithRates): CommissionPlan => toCommissionPlan(plan, rates);

// The channel team's: plans are not shown to partners, who see what they earned instead.
@CanRead('partners')
@Resolver(() => CommissionPlan)
export class CommissionPlanResolver {
  constructor(private readonly service: CommissionPlanService) {}

  @Query(() => CommissionPlanConnection, { description: 'Commission plans, the latest validFrom first, a page at a time.' })
  async commissionPlans(@Args() args: CommissionPlansArgs, @CurrentIdentity() caller: Identity): Promise<CommissionPlanConnection> {
    return mapNodes(await this.service.page(caller, args), toPlan);
  }

  @CanWrite('partners')
  @Mutation(() => CommissionPlan, {
    description:
      'Adds a plan for opportunities won from validFrom on. A rate over 100 % is BAD_USER_INPUT on rates.<i>.ratePercent; a product sales does not have is NOT_FOUND on rates.<i>.productId.',
  })
  async createCommissionPlan(
    @Args('input') input: CreateCommissionPlanInput,
    @CurrentIdentity() caller: Identity,
    @CallerCredential() credential: CallerCredential,
  ): Promise<CommissionPlan> {
    return toPlan(await this.service.create(caller, input, credential));
  }
}
