import { ParseIdPipe, type GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { LINKS_PER_LIST, PartnerLinkService } from './partner-link.service';
import { CreatePartnerInput, LinkPartnerInput, PartnersArgs } from './partner.input';
import { Partner, PartnerConnection, PartnerCustomerLink, toPartner, toPartnerCustomerLink } from './partner.object';
import { PartnerService } from './partner.service';

@Resolver(() => Partner)
export class PartnerResolver {
  constructor(
    private readonly partnerService: PartnerService,
    private readonly linkService: PartnerLinkService,
  ) {}

  @Query(() => Partner, { nullable: true, description: 'A partner by id, or null when there is none.' })
  async partner(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<Partner | null> {
    const found = await ctx.loaders.get('partnerById', (ids) => this.partnerService.findByIds(ids)).load(id);
    return found ? toPartner(found) : null;
  }

  @Query(() => PartnerConnection, { description: 'Partners, filtered and sorted, a page at a time.' })
  async partners(@Args() args: PartnersArgs): Promise<PartnerConnection> {
    const page = await this.partnerService.page(args);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toPartner(e.node) })) };
  }

  @Mutation(() => Partner, { description: 'Adds a partner; a name already taken (regardless of case) is BAD_USER_INPUT on name.' })
  async createPartner(@Args('input') input: CreatePartnerInput): Promise<Partner> {
    return toPartner(await this.partnerService.create(input));
  }

  @Mutation(() => Partner, { description: 'Links a partner to a customer; linking the same pair again changes nothing.' })
  async linkPartnerToCustomer(@Args('input') input: LinkPartnerInput): Promise<Partner> {
    return toPartner(await this.linkService.link(input));
  }

  @ResolveField(() => [PartnerCustomerLink], {
    description: `The customers the partner works with, most recently linked first, at most ${LINKS_PER_LIST}.`,
  })
  async customerLinks(@Parent() partner: Partner, @Context() ctx: GraphQLRequestContext): Promise<PartnerCustomerLink[]> {
    const list = await ctx.loaders.get('linksByPartner', (ids) => this.linkService.linksByPartnerIds(ids)).load(partner.id);
    return list.map(toPartnerCustomerLink);
  }
}
