import { CanRead, CanWrite, CurrentIdentity, identityOf, type Identity } from '@crm/auth';
import { PARTNER_TAG, ParseIdPipe, referenceId, type GraphQLRequestContext, mapNodes, UserRef, userRef } from '@crm/graphql';
import { CallerCredential } from '@crm/references';
import { Args, Context, Directive, ID, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { LINKS_PER_LIST, PartnerLinkService } from './partner-link.service';
import {
  AddPartnerUserInput,
  CreatePartnerInput,
  LinkPartnerInput,
  PartnersArgs,
  RemovePartnerUserInput,
  UpdatePartnerInput,
} from './partner.input';
import {
  Partner,
  PartnerConnection,
  PartnerCustomerLink,
  PartnerUser,
  toPartner,
  toPartnerCustomerLink,
  toPartnerUser,
} from './partner.object';
import { PartnerService, USERS_PER_PARTNER } from './partner.service';

// Partners reach this resolver too, and then only their own partner record and links.
@CanRead('partners', { partner: true })
@Resolver(() => Partner)
export class PartnerResolver {
  constructor(
    private readonly partnerService: PartnerService,
    private readonly linkService: PartnerLinkService,
  ) {}

  @Directive(PARTNER_TAG)
  @Query(() => Partner, { nullable: true, description: 'A partner by id, or null when there is none (or it is not yours).' })
  async partner(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<Partner | null> {
    return this.byId(id, ctx);
  }

  /** `_entities` by key: another partner's record answers null, exactly as an unknown id. */
  @ResolveReference()
  async resolveReference(ref: { id?: unknown }, ctx: GraphQLRequestContext): Promise<Partner | null> {
    const id = referenceId(ref);
    return id ? this.byId(id, ctx) : null;
  }

  private async byId(id: string, ctx: GraphQLRequestContext): Promise<Partner | null> {
    const found = await ctx.loaders.get('partnerById', (ids) => this.partnerService.findByIds(identityOf(ctx.req), ids)).load(id);
    return found ? toPartner(found) : null;
  }

  @Directive(PARTNER_TAG)
  @Query(() => PartnerConnection, { description: 'Partners, filtered and sorted, a page at a time (a partner sees only itself).' })
  async partners(@Args() args: PartnersArgs, @CurrentIdentity() caller: Identity): Promise<PartnerConnection> {
    const page = await this.partnerService.page(caller, args);
    return mapNodes(page, toPartner);
  }

  @CanWrite('partners')
  @Mutation(() => Partner, { description: 'Adds a partner; a name already taken (regardless of case) is BAD_USER_INPUT on name.' })
  async createPartner(@Args('input') input: CreatePartnerInput, @CurrentIdentity() caller: Identity): Promise<Partner> {
    return toPartner(await this.partnerService.create(caller, input));
  }

  @CanWrite('partners')
  @Mutation(() => Partner, {
    description:
      'Links a partner to a customer; linking the same pair again changes nothing. A customer sales does not have is NOT_FOUND on customerId; a merged-away one links the customer it was merged into.',
  })
  async linkPartnerToCustomer(
    @Args('input') input: LinkPartnerInput,
    @CurrentIdentity() caller: Identity,
    @CallerCredential() credential: CallerCredential,
  ): Promise<Partner> {
    return toPartner(await this.linkService.link(caller, input, credential));
  }

  @CanWrite('partners')
  @Mutation(() => Partner, {
    description:
      "Changes the fields given. An explicit null for a field that cannot be empty is BAD_USER_INPUT on it; a name taken by another partner is BAD_USER_INPUT on name. SUSPENDED refuses all of the partner's tokens from the next request on.",
  })
  async updatePartner(@Args('input') input: UpdatePartnerInput, @CurrentIdentity() caller: Identity): Promise<Partner> {
    return toPartner(await this.partnerService.update(caller, input));
  }

  @CanWrite('partners')
  @Mutation(() => Partner, { description: 'Removes the link; unlinking a pair that is not linked changes nothing.' })
  async unlinkPartnerFromCustomer(@Args('input') input: LinkPartnerInput, @CurrentIdentity() caller: Identity): Promise<Partner> {
    return toPartner(await this.linkService.unlink(caller, input));
  }

  @CanWrite('partners')
  @Mutation(() => Partner, {
    description: `Gives a person at the partner access (at most ${USERS_PER_PARTNER} per partner); a user id already at a partner is BAD_USER_INPUT on userId.`,
  })
  async addPartnerUser(@Args('input') input: AddPartnerUserInput, @CurrentIdentity() caller: Identity): Promise<Partner> {
    return toPartner(await this.partnerService.addUser(caller, input));
  }

  @CanWrite('partners')
  @Mutation(() => Partner, { description: "Takes a person's access away; a user the partner does not have is NOT_FOUND on userId." })
  async removePartnerUser(@Args('input') input: RemovePartnerUserInput, @CurrentIdentity() caller: Identity): Promise<Partner> {
    return toPartner(await this.partnerService.removeUser(caller, input));
  }

  @Directive(PARTNER_TAG)
  @ResolveField(() => [PartnerUser], {
    description: `The people at the partner who get partner tokens, by name (at most ${USERS_PER_PARTNER}).`,
  })
  async users(@Parent() partner: Partner, @Context() ctx: GraphQLRequestContext): Promise<PartnerUser[]> {
    const list = await ctx.loaders
      .get('usersByPartner', (ids) => this.partnerService.usersByPartnerIds(identityOf(ctx.req), ids))
      .load(partner.id);
    return list.map(toPartnerUser);
  }

  @ResolveField(() => UserRef, { nullable: true, description: 'The channel manager, resolved by sales; channelManagerId is their id.' })
  channelManager(@Parent() partner: Partner): UserRef | null {
    return userRef(partner.channelManagerId);
  }

  @ResolveField(() => [PartnerCustomerLink], {
    description: `The customers the partner works with, most recently linked first, at most ${LINKS_PER_LIST}.`,
  })
  async customerLinks(@Parent() partner: Partner, @Context() ctx: GraphQLRequestContext): Promise<PartnerCustomerLink[]> {
    const list = await ctx.loaders
      .get('linksByPartner', (ids) => this.linkService.linksByPartnerIds(identityOf(ctx.req), ids))
      .load(partner.id);
    return list.map((l) => toPartnerCustomerLink(l.link, l.customerName));
  }
}
