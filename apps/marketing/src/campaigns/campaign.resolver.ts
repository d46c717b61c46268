import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { mapNodes, ParseIdPipe, referenceId, type GraphQLRequestContext } from '@crm/graphql';
import { CallerCredential } from '@crm/references';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CampaignMemberService } from './campaign-member.service';
import {
  AddCampaignMembersInput,
  CampaignMembersArgs,
  CampaignsArgs,
  CreateCampaignInput,
  SetCampaignMemberStatusInput,
  UpdateCampaignInput,
} from './campaign.input';
import {
  AddCampaignMembersResult,
  Campaign,
  CampaignConnection,
  CampaignMember,
  CampaignMemberConnection,
  CampaignMemberCount,
  toCampaign,
  toCampaignMember,
} from './campaign.object';
import { CampaignService } from './campaign.service';

@CanRead('marketing')
@Resolver(() => Campaign)
export class CampaignResolver {
  constructor(
    private readonly campaignService: CampaignService,
    private readonly memberService: CampaignMemberService,
  ) {}

  private load(ctx: GraphQLRequestContext, id: string) {
    return ctx.loaders.get('campaignById', (ids) => this.campaignService.findByIds(ids)).load(id);
  }

  @Query(() => Campaign, { nullable: true, description: 'A campaign by id, or null when there is none.' })
  async campaign(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<Campaign | null> {
    const found = await this.load(ctx, id);
    return found ? toCampaign(found) : null;
  }

  @ResolveReference()
  async resolveReference(ref: { id?: unknown }, ctx: GraphQLRequestContext): Promise<Campaign | null> {
    const id = referenceId(ref);
    if (!id) return null;
    const found = await this.load(ctx, id);
    return found ? toCampaign(found) : null;
  }

  @Query(() => CampaignConnection, { description: 'Campaigns, newest first, a page at a time.' })
  async campaigns(@Args() args: CampaignsArgs): Promise<CampaignConnection> {
    return mapNodes(await this.campaignService.page(args), toCampaign);
  }

  @ResolveField(() => Campaign, { nullable: true, description: 'The campaign this one is part of.' })
  async parent(@Parent() campaign: Campaign, @Context() ctx: GraphQLRequestContext): Promise<Campaign | null> {
    if (!campaign.parentId) return null;
    const found = await this.load(ctx, campaign.parentId);
    return found ? toCampaign(found) : null;
  }

  @ResolveField(() => CampaignMemberConnection, { description: 'Members in the order they were added.' })
  async members(@Parent() campaign: Campaign, @Args() args: CampaignMembersArgs): Promise<CampaignMemberConnection> {
    return mapNodes(await this.memberService.page(campaign.id, args), toCampaignMember);
  }

  @ResolveField(() => [CampaignMemberCount], {
    description: 'Its members at each status now, every status listed (zero where none is), in the order a member moves through them.',
  })
  memberCounts(@Parent() campaign: Campaign, @Context() ctx: GraphQLRequestContext): Promise<CampaignMemberCount[]> {
    return ctx.loaders.get('campaignMemberCounts', (ids) => this.memberService.countsByStatus(ids)).load(campaign.id);
  }

  @CanWrite('marketing')
  @Mutation(() => Campaign, { description: 'A parentId that does not exist is NOT_FOUND on parentId.' })
  async createCampaign(@Args('input') input: CreateCampaignInput, @CurrentIdentity() caller: Identity): Promise<Campaign> {
    return toCampaign(await this.campaignService.create(caller, input));
  }

  @CanWrite('marketing')
  @Mutation(() => Campaign, { description: 'A parent that would make the campaign part of itself is BAD_USER_INPUT on parentId.' })
  async updateCampaign(@Args('input') input: UpdateCampaignInput, @CurrentIdentity() caller: Identity): Promise<Campaign> {
    return toCampaign(await this.campaignService.update(caller, input));
  }

  @CanWrite('marketing')
  @Mutation(() => AddCampaignMembersResult, { description: 'Adds people, or the leads a filter matches, as TARGETED members.' })
  addCampaignMembers(
    @Args('input') input: AddCampaignMembersInput,
    @CurrentIdentity() caller: Identity,
    @CallerCredential() credential: CallerCredential,
  ): Promise<AddCampaignMembersResult> {
    return this.memberService.add(caller, input, credential);
  }

  @CanWrite('marketing')
  @Mutation(() => CampaignMember, {
    description: 'Records a response, or (events and webinars) a registration or attendance. A status moves only forward.',
  })
  async setCampaignMemberStatus(
    @Args('input') input: SetCampaignMemberStatusInput,
    @CurrentIdentity() caller: Identity,
  ): Promise<CampaignMember> {
    return toCampaignMember(await this.memberService.setStatus(caller, input));
  }
}
