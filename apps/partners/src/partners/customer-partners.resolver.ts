import { CanRead, identityOf } from '@crm/auth';
import { PARTNER_TAG, type GraphQLRequestContext } from '@crm/graphql';
import { Context, Directive, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CustomerRef } from '@crm/graphql';
import { LINKS_PER_LIST, PartnerLinkService } from './partner-link.service';
import { Partner, toPartner } from './partner.object';

/** The partners subgraph's field on Customer. Nullable, so the customer 360 survives this subgraph being down. */
@CanRead('partners', { partner: true })
@Resolver(() => CustomerRef)
export class CustomerPartnersResolver {
  constructor(private readonly linkService: PartnerLinkService) {}

  @Directive(PARTNER_TAG)
  @ResolveField(() => [Partner], {
    nullable: true,
    description: `The partners working with the customer, most recently linked first, at most ${LINKS_PER_LIST} (a partner sees only itself).`,
  })
  async partners(@Parent() customer: CustomerRef, @Context() ctx: GraphQLRequestContext): Promise<Partner[]> {
    const list = await ctx.loaders
      .get('partnersByCustomer', (ids) => this.linkService.partnersByCustomerIds(identityOf(ctx.req), ids))
      .load(String(customer.id).toLowerCase());
    return list.map(toPartner);
  }
}
