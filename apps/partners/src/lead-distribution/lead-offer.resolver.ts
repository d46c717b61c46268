import { CanRead, CanWrite, CurrentIdentity, identityOf, type Identity } from '@crm/auth';
import { mapNodes, PARTNER_TAG, ParseIdPipe, referenceId, type GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, Directive, ID, Mutation, Query, ResolveReference, Resolver } from '@nestjs/graphql';
import { LeadDistributionService } from './lead-distribution.service';
import { AcceptLeadOfferInput, DeclineLeadOfferInput, LeadOffersArgs, ReofferLeadInput } from './lead-offer.input';
import { LeadOffer, LeadOfferConnection, toLeadOffer } from './lead-offer.object';

// Partners read and answer their own offers; another partner's answer exactly as missing ones.
@CanRead('partners', { partner: true })
@Resolver(() => LeadOffer)
export class LeadOfferResolver {
  constructor(private readonly service: LeadDistributionService) {}

  @Directive(PARTNER_TAG)
  @Query(() => LeadOffer, { nullable: true, description: 'A lead offer by id, or null when there is none (or it is not yours).' })
  async leadOffer(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<LeadOffer | null> {
    return this.byId(id, ctx);
  }

  @ResolveReference()
  async resolveReference(ref: { id?: unknown }, ctx: GraphQLRequestContext): Promise<LeadOffer | null> {
    const id = referenceId(ref);
    return id ? this.byId(id, ctx) : null;
  }

  private async byId(id: string, ctx: GraphQLRequestContext): Promise<LeadOffer | null> {
    const found = await ctx.loaders.get('leadOfferById', (ids) => this.service.findByIds(identityOf(ctx.req), ids)).load(id);
    return found ? toLeadOffer(found) : null;
  }

  @Directive(PARTNER_TAG)
  @Query(() => LeadOfferConnection, { description: 'Lead offers, newest first, a page at a time (a partner sees only its own).' })
  async leadOffers(@Args() args: LeadOffersArgs, @CurrentIdentity() caller: Identity): Promise<LeadOfferConnection> {
    return mapNodes(await this.service.page(caller, args), toLeadOffer);
  }

  @Directive(PARTNER_TAG)
  @CanWrite('partners', { partner: true })
  @Mutation(() => LeadOffer, {
    description:
      'Takes a PENDING lead offer: the lead becomes readable by the partner in marketing. An offer that is not PENDING or past its time is BAD_USER_INPUT on id; another partner’s is NOT_FOUND.',
  })
  async acceptLeadOffer(@Args('input') input: AcceptLeadOfferInput, @CurrentIdentity() caller: Identity): Promise<LeadOffer> {
    return toLeadOffer(await this.service.accept(caller, input));
  }

  @Directive(PARTNER_TAG)
  @CanWrite('partners', { partner: true })
  @Mutation(() => LeadOffer, {
    description: 'Turns a PENDING lead offer down: the lead goes to the next eligible partner and is never offered to this one again.',
  })
  async declineLeadOffer(@Args('input') input: DeclineLeadOfferInput, @CurrentIdentity() caller: Identity): Promise<LeadOffer> {
    return toLeadOffer(await this.service.decline(caller, input));
  }

  // The channel team's: no partner tag, and closed to partner tokens.
  @CanWrite('partners')
  @Mutation(() => LeadOffer, {
    description:
      'Offers an UNASSIGNED lead again, to the next partner the rules allow that was never offered it. An unknown lead is NOT_FOUND on leadId; a lead that is not UNASSIGNED, or one no partner is left for, is BAD_USER_INPUT on leadId.',
  })
  async reofferLead(@Args('input') input: ReofferLeadInput, @CurrentIdentity() caller: Identity): Promise<LeadOffer> {
    return toLeadOffer(await this.service.reoffer(caller, input));
  }
}
