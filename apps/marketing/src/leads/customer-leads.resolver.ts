import { CanRead } from '@crm/auth';
import type { GraphQLRequestContext } from '@crm/graphql';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CustomerRef } from '@crm/graphql';
import { Lead, toLead } from './lead.object';
import { LEADS_PER_CUSTOMER, LeadService } from './lead.service';

/** Marketing's fields on Customer. Nullable, so the customer 360 survives this subgraph being down. */
@CanRead('marketing')
@Resolver(() => CustomerRef)
export class CustomerLeadsResolver {
  constructor(private readonly leadService: LeadService) {}

  @ResolveField(() => [Lead], { nullable: true, description: `The customer's newest leads, at most ${LEADS_PER_CUSTOMER}.` })
  async leads(@Parent() customer: CustomerRef, @Context() ctx: GraphQLRequestContext): Promise<Lead[]> {
    const list = await ctx.loaders
      .get('leadsByCustomer', (ids) => this.leadService.newestByCustomerIds(ids))
      .load(String(customer.id).toLowerCase());
    return list.map(toLead);
  }
}
