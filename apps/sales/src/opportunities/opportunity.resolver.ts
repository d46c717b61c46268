import { CanRead, CanWrite, CurrentIdentity, type Identity, identityOf } from '@crm/auth';
import { PARTNER_TAG, ParseIdPipe, type GraphQLRequestContext, mapNodes, referenceId } from '@crm/graphql';
import { Args, Context, Directive, ID, Int, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { toContact } from '../customers/contact.object';
import { Customer, toCustomer } from '../customers/customer.object';
import { ForecastCategory, Pipeline, PipelineStage, toPipeline, toPipelineStage } from '../pipelines/pipeline.object';
import { PipelineService } from '../pipelines/pipeline.service';
import { OpportunityStageService } from './opportunity-stage.service';
import {
  ChangeOpportunityStageInput,
  CloseOpportunityInput,
  CreateOpportunityInput,
  OpportunitiesArgs,
  ReopenOpportunityInput,
  SetOpportunityContactsInput,
  UpdateOpportunityInput,
} from './opportunity.input';
import {
  Opportunity,
  OpportunityConnection,
  OpportunityContact,
  OpportunityStageChange,
  toOpportunity,
  toStageChange,
} from './opportunity.object';
import { OpportunityService } from './opportunity.service';

/** Request-scoped loaders shared by the opportunity resolvers, so each field costs one statement per query. */
export function stageLoader(ctx: GraphQLRequestContext, pipelines: PipelineService) {
  return ctx.loaders.get('pipelineStageById', (ids) => pipelines.findStagesByIds(ids));
}

@CanRead('sales')
@Resolver(() => Opportunity)
export class OpportunityResolver {
  constructor(
    private readonly opportunityService: OpportunityService,
    private readonly stageService: OpportunityStageService,
    private readonly pipelineService: PipelineService,
  ) {}

  // Partners reach the reads and updateOpportunity below, and there only their own opportunities. They
  // open one by registering a deal (partners approves it, and sales opens the opportunity from that
  // event), so createOpportunity refuses the partner role (FORBIDDEN) and is not in their contract.
  @CanRead('sales', { partner: true })
  @Directive(PARTNER_TAG)
  @Query(() => Opportunity, { nullable: true, description: 'An opportunity by id, or null when there is none (or it is not yours).' })
  async opportunity(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<Opportunity | null> {
    const found = await this.opportunityService.findById(caller, id);
    return found ? toOpportunity(found) : null;
  }

  /** `_entities` by key: another partner's opportunity answers null, exactly as an unknown id. */
  @CanRead('sales', { partner: true })
  @ResolveReference()
  async resolveReference(ref: { id?: unknown }, ctx: GraphQLRequestContext): Promise<Opportunity | null> {
    const id = referenceId(ref);
    if (!id) return null;
    const found = await ctx.loaders.get('opportunityById', (ids) => this.opportunityService.findByIds(identityOf(ctx.req), ids)).load(id);
    return found ? toOpportunity(found) : null;
  }

  @CanRead('sales', { partner: true })
  @Directive(PARTNER_TAG)
  @Query(() => OpportunityConnection, {
    description: 'Opportunities, filtered and sorted, a page at a time (a partner sees only its own).',
  })
  async opportunities(@Args() args: OpportunitiesArgs, @CurrentIdentity() caller: Identity): Promise<OpportunityConnection> {
    const page = await this.opportunityService.page(caller, args);
    return { ...mapNodes(page, toOpportunity), filter: args.filter };
  }

  @CanWrite('sales')
  @Mutation(() => Opportunity, {
    description:
      'Opens an opportunity; with a caller-minted `id`, calling it again changes nothing. Partners register deals instead (registerDeal).',
  })
  async createOpportunity(@Args('input') input: CreateOpportunityInput, @CurrentIdentity() who: Identity): Promise<Opportunity> {
    return toOpportunity(await this.opportunityService.create(input, who));
  }

  @CanWrite('sales', { partner: true })
  @Directive(PARTNER_TAG)
  @Mutation(() => Opportunity, {
    description:
      'Changes name, amount, close date, owner or partner; stages move with changeOpportunityStage. A partner changes only the name, amount and close date of its own.',
  })
  async updateOpportunity(@Args('input') input: UpdateOpportunityInput, @CurrentIdentity() caller: Identity): Promise<Opportunity> {
    return toOpportunity(await this.opportunityService.update(caller, input));
  }

  @CanWrite('sales')
  @Mutation(() => Opportunity, { description: 'Replaces the contacts of an opportunity and their roles.' })
  async setOpportunityContacts(
    @Args('input') input: SetOpportunityContactsInput,
    @CurrentIdentity() caller: Identity,
  ): Promise<Opportunity> {
    return toOpportunity(await this.opportunityService.setContacts(caller, input));
  }

  @CanWrite('sales')
  @Mutation(() => Opportunity, {
    description:
      'Moves an open opportunity to another open stage of its pipeline. A closed one must be reopened first; a stage of another pipeline is BAD_USER_INPUT on `stageId`.',
  })
  async changeOpportunityStage(@Args('input') input: ChangeOpportunityStageInput, @CurrentIdentity() who: Identity): Promise<Opportunity> {
    return toOpportunity(await this.stageService.changeStage(input, who));
  }

  @CanWrite('sales')
  @Mutation(() => Opportunity, { description: "Closes an open opportunity as won, in its pipeline's WON stage." })
  async winOpportunity(@Args('input') input: CloseOpportunityInput, @CurrentIdentity() who: Identity): Promise<Opportunity> {
    return toOpportunity(await this.stageService.win(input, who));
  }

  @CanWrite('sales')
  @Mutation(() => Opportunity, { description: "Closes an open opportunity as lost, in its pipeline's LOST stage." })
  async loseOpportunity(@Args('input') input: CloseOpportunityInput, @CurrentIdentity() who: Identity): Promise<Opportunity> {
    return toOpportunity(await this.stageService.lose(input, who));
  }

  @CanWrite('sales')
  @Mutation(() => Opportunity, { description: 'Reopens a won or lost opportunity in an open stage.' })
  async reopenOpportunity(@Args('input') input: ReopenOpportunityInput, @CurrentIdentity() who: Identity): Promise<Opportunity> {
    return toOpportunity(await this.stageService.reopen(input, who));
  }

  @ResolveField(() => Customer, { nullable: true })
  async customer(@Parent() o: Opportunity, @Context() ctx: GraphQLRequestContext): Promise<Customer | null> {
    const found = await ctx.loaders.get('opportunityCustomerById', (ids) => this.opportunityService.customersByIds(ids)).load(o.customerId);
    return found ? toCustomer(found) : null;
  }

  @ResolveField(() => Pipeline)
  async pipeline(@Parent() o: Opportunity, @Context() ctx: GraphQLRequestContext): Promise<Pipeline> {
    const found = await ctx.loaders.get('pipelineById', (ids) => this.pipelineService.findByIds(ids)).load(o.pipelineId);
    return toPipeline(found!.pipeline, found!.stages);
  }

  @ResolveField(() => PipelineStage)
  async stage(@Parent() o: Opportunity, @Context() ctx: GraphQLRequestContext): Promise<PipelineStage> {
    return toPipelineStage((await stageLoader(ctx, this.pipelineService).load(o.stageId))!);
  }

  @ResolveField(() => Int, { description: "The stage's default win probability, in percent." })
  async probability(@Parent() o: Opportunity, @Context() ctx: GraphQLRequestContext): Promise<number> {
    return (await stageLoader(ctx, this.pipelineService).load(o.stageId))!.probability;
  }

  @ResolveField(() => ForecastCategory, { description: "The stage's forecast category." })
  async forecastCategory(@Parent() o: Opportunity, @Context() ctx: GraphQLRequestContext): Promise<ForecastCategory> {
    return (await stageLoader(ctx, this.pipelineService).load(o.stageId))!.forecastCategory;
  }

  @ResolveField(() => [OpportunityContact])
  async contacts(@Parent() o: Opportunity, @Context() ctx: GraphQLRequestContext): Promise<OpportunityContact[]> {
    const rows = await ctx.loaders.get('opportunityContacts', (ids) => this.opportunityService.contactsByOpportunityIds(ids)).load(o.id);
    return rows.map((r) => ({ role: r.role, contact: toContact(r.contact!) }));
  }

  @ResolveField(() => [OpportunityStageChange], { description: 'Every move, oldest first; the first entry is the creation.' })
  async stageHistory(@Parent() o: Opportunity, @Context() ctx: GraphQLRequestContext): Promise<OpportunityStageChange[]> {
    const rows = await ctx.loaders.get('opportunityHistory', (ids) => this.opportunityService.historyByOpportunityIds(ids)).load(o.id);
    return rows.map(toStageChange);
  }
}

@CanRead('sales')
@Resolver(() => OpportunityStageChange)
export class OpportunityStageChangeResolver {
  constructor(private readonly pipelineService: PipelineService) {}

  @ResolveField(() => PipelineStage, { nullable: true })
  async fromStage(@Parent() c: OpportunityStageChange, @Context() ctx: GraphQLRequestContext): Promise<PipelineStage | null> {
    if (!c.fromStageId) return null;
    const stage = await stageLoader(ctx, this.pipelineService).load(c.fromStageId);
    return stage ? toPipelineStage(stage) : null;
  }

  @ResolveField(() => PipelineStage)
  async toStage(@Parent() c: OpportunityStageChange, @Context() ctx: GraphQLRequestContext): Promise<PipelineStage> {
    return toPipelineStage((await stageLoader(ctx, this.pipelineService).load(c.toStageId))!);
  }
}

@CanRead('sales', { partner: true })
@Resolver(() => OpportunityConnection)
export class OpportunityConnectionResolver {
  constructor(private readonly opportunityService: OpportunityService) {}

  @ResolveField(() => Int, {
    description: 'How many opportunities match the filter, over all pages (for a partner: its own). One statement, only when asked for.',
  })
  totalCount(@Parent() connection: OpportunityConnection, @CurrentIdentity() caller: Identity): Promise<number> {
    return this.opportunityService.count(caller, connection.filter);
  }
}
