import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { ConnectionArgs, CustomerRef, mapNodes, ParseIdPipe, type GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CreateSegmentInput, UpdateSegmentInput } from './segment.input';
import { Segment, SegmentConnection, SegmentMemberConnection, SegmentRecomputeResult, toSegment, toSegmentMember } from './segment.object';
import { SegmentService } from './segment.service';

/** Anyone who reads analytics reads segments; defining them is marketing's (and admins'): they become campaign audiences. */
@CanRead('analytics')
@Resolver(() => Segment)
export class SegmentResolver {
  constructor(private readonly segmentService: SegmentService) {}

  @Query(() => Segment, { nullable: true, description: 'A segment by id, or null when there is none.' })
  async segment(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<Segment | null> {
    const found = await ctx.loaders.get('segmentById', (ids) => this.segmentService.byIds(ids)).load(id);
    return found ? toSegment(found) : null;
  }

  @Query(() => SegmentConnection, { description: 'Segments by name, a page at a time.' })
  async segments(@Args() args: ConnectionArgs): Promise<SegmentConnection> {
    return mapNodes(await this.segmentService.page(args), toSegment);
  }

  @ResolveField(() => Int, { description: 'How many customers are in the segment now.' })
  memberCount(@Parent() segment: Segment, @Context() ctx: GraphQLRequestContext): Promise<number> {
    return ctx.loaders.get('segmentMemberCount', (ids) => this.segmentService.memberCounts(ids)).load(segment.id);
  }

  @ResolveField(() => SegmentMemberConnection, { description: 'The members, by customer id.' })
  async members(@Parent() segment: Segment, @Args() args: ConnectionArgs): Promise<SegmentMemberConnection> {
    return mapNodes(await this.segmentService.members(segment.id, args), toSegmentMember);
  }

  @CanWrite('marketing')
  @Mutation(() => Segment, {
    description:
      'Defines a segment and computes its members. A rule outside the language is BAD_USER_INPUT naming its path; a name in use is CONFLICT.',
  })
  async createSegment(@Args('input') input: CreateSegmentInput, @CurrentIdentity() caller: Identity): Promise<Segment> {
    return toSegment(await this.segmentService.create(caller, input));
  }

  @CanWrite('marketing')
  @Mutation(() => Segment, { description: 'Changes a segment; a new rule recomputes its members.' })
  async updateSegment(@Args('input') input: UpdateSegmentInput, @CurrentIdentity() caller: Identity): Promise<Segment> {
    return toSegment(await this.segmentService.update(caller, input));
  }

  @CanWrite('marketing')
  @Mutation(() => Segment, { description: 'Deletes a segment (every member leaves it) and answers it as it was.' })
  async deleteSegment(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<Segment> {
    return toSegment(await this.segmentService.delete(caller, id));
  }

  @CanWrite('marketing')
  @Mutation(() => SegmentRecomputeResult, {
    description: 'Recomputes every membership of the segment from its rule; only real changes are stored and announced.',
  })
  async recomputeSegment(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<SegmentRecomputeResult> {
    const { segment, joined, left } = await this.segmentService.recompute(caller, id);
    return { segment: toSegment(segment), joined, left };
  }
}

@CanRead('analytics')
@Resolver(() => CustomerRef)
export class CustomerSegmentsResolver {
  constructor(private readonly segmentService: SegmentService) {}

  @ResolveField(() => [Segment], {
    nullable: true,
    description: 'The segments the customer is in, by name; null when analytics cannot answer.',
  })
  async segments(@Parent() customer: CustomerRef, @Context() ctx: GraphQLRequestContext): Promise<Segment[]> {
    const rows = await ctx.loaders.get('segmentsByCustomer', (ids) => this.segmentService.segmentsOf(ids)).load(customer.id.toLowerCase());
    return rows.map(toSegment);
  }
}
