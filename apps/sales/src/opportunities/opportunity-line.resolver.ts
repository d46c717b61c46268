import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import type { GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { OpportunityLineService } from './opportunity-line.service';
import { SetOpportunityLinesInput } from './opportunity.input';
import { toPricedLine } from '../products/priced-line.object';
import { Opportunity, OpportunityLine, toOpportunity } from './opportunity.object';

/** Products on a deal: the lines of an opportunity and the mutation that replaces them. */
@Resolver(() => Opportunity)
export class OpportunityLineResolver {
  constructor(private readonly lineService: OpportunityLineService) {}

  @CanWrite('sales')
  @Mutation(() => Opportunity, {
    description:
      "Replaces the products on a deal. Unless its amount was set by hand, the amount becomes the lines' sum. A quantity of 0 or less is BAD_USER_INPUT on `lines.<n>.quantity`.",
  })
  async setOpportunityLines(@Args('input') input: SetOpportunityLinesInput, @CurrentIdentity() caller: Identity): Promise<Opportunity> {
    return toOpportunity(await this.lineService.setLines(caller, input));
  }

  @CanRead('sales')
  @ResolveField(() => [OpportunityLine], {
    description: 'The products on the deal, in order; those of the accepted quote once there is one.',
  })
  async lines(@Parent() o: Opportunity, @Context() ctx: GraphQLRequestContext): Promise<OpportunityLine[]> {
    const rows = await ctx.loaders.get('opportunityLines', (ids) => this.lineService.linesByOpportunityIds(ids)).load(o.id);
    return rows.map((l) => toPricedLine(l, o.amount.currency));
  }
}
