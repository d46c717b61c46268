import { CanRead, identityOf } from '@crm/auth';
import type { GraphQLRequestContext } from '@crm/graphql';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Customer } from '../customers/customer.object';
import { Opportunity, toOpportunity } from './opportunity.object';
import { OPPORTUNITIES_PER_CUSTOMER, OpportunityService } from './opportunity.service';

/** `Customer.opportunities`, kept beside the opportunities so customers/ need not know about them. */
@CanRead('sales')
@Resolver(() => Customer)
export class CustomerOpportunitiesResolver {
  constructor(private readonly opportunityService: OpportunityService) {}

  @ResolveField(() => [Opportunity], {
    description: `The newest opportunities, at most ${OPPORTUNITIES_PER_CUSTOMER}; page with \`opportunities(filter: { customerId })\` for more.`,
  })
  async opportunities(@Parent() customer: Customer, @Context() ctx: GraphQLRequestContext): Promise<Opportunity[]> {
    const list = await ctx.loaders
      .get('opportunitiesByCustomer', (ids) => this.opportunityService.byCustomerIds(identityOf(ctx.req), ids))
      .load(customer.id);
    return list.map(toOpportunity);
  }
}
