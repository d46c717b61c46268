import { CanRead, CanWrite, CurrentIdentity, identityOf, type Identity } from '@crm/auth';
import { mapNodes, PARTNER_TAG, ParseIdPipe, referenceId, type GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, Directive, ID, Mutation, Query, ResolveReference, Resolver } from '@nestjs/graphql';
import { PartnerLeadsArgs, RouteLeadToPartnersInput } from './lead-distribution.input';
import { LeadDistributionService } from './lead-distribution.service';
import { PartnerLead, PartnerLeadConnection, toPartnerLead } from './partner-lead.object';

// A partner reads the leads it accepted; any other lead answers exactly as a missing one.
@CanRead('marketing', { partner: true })
@Resolver(() => PartnerLead)
export class LeadDistributionResolver {
  constructor(private readonly service: LeadDistributionService) {}

  @Directive(PARTNER_TAG)
  @Query(() => PartnerLead, {
    nullable: true,
    description: 'A routed lead by id, or null when there is none (for a partner: not one it accepted).',
  })
  async partnerLead(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<PartnerLead | null> {
    return this.byId(id, ctx);
  }

  @ResolveReference()
  async resolveReference(ref: { id?: unknown }, ctx: GraphQLRequestContext): Promise<PartnerLead | null> {
    const id = referenceId(ref);
    return id ? this.byId(id, ctx) : null;
  }

  private async byId(id: string, ctx: GraphQLRequestContext): Promise<PartnerLead | null> {
    const found = await ctx.loaders.get('partnerLeadById', (ids) => this.service.findByIds(identityOf(ctx.req), ids)).load(id);
    return found ? toPartnerLead(found) : null;
  }

  @Directive(PARTNER_TAG)
  @Query(() => PartnerLeadConnection, { description: 'Routed leads, newest first (for a partner: the leads it accepted).' })
  async partnerLeads(@Args() args: PartnerLeadsArgs, @CurrentIdentity() caller: Identity): Promise<PartnerLeadConnection> {
    return mapNodes(await this.service.page(caller, args), toPartnerLead);
  }

  @CanWrite('marketing')
  @Mutation(() => PartnerLead, {
    description:
      'Hands a QUALIFIED lead to the partner channel, once: partners offers it to one partner at a time by its distribution rules. Any other status, or a second routing, is BAD_USER_INPUT on leadId.',
  })
  async routeLeadToPartners(@Args('input') input: RouteLeadToPartnersInput, @CurrentIdentity() caller: Identity): Promise<PartnerLead> {
    return toPartnerLead(await this.service.route(caller, input));
  }
}
