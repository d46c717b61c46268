import { CanRead } from '@crm/auth';
import { ConnectionArgs, pageSize, type GraphQLRequestContext, mapNodes } from '@crm/graphql';
import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CustomerRef } from '@crm/graphql';
import { CustomerMetrics, TimelineConnection, toCustomerMetrics, toTimelineEntry } from './timeline.object';
import { TimelineService } from './timeline.service';

/** The analytics subgraph's fields on Customer. Nullable, so the customer 360 survives this subgraph being down. */
@CanRead('analytics')
@Resolver(() => CustomerRef)
export class CustomerAnalyticsResolver {
  constructor(private readonly timelineService: TimelineService) {}

  @ResolveField(() => CustomerMetrics, { nullable: true, description: 'Counters over all its interactions; zero before the first one.' })
  async metrics(@Parent() customer: CustomerRef, @Context() ctx: GraphQLRequestContext): Promise<CustomerMetrics> {
    const row = await ctx.loaders
      .get('metricsByCustomer', (ids) => this.timelineService.metricsByCustomerIds(ids))
      .load(customer.id.toLowerCase());
    return toCustomerMetrics(row);
  }

  @ResolveField(() => TimelineConnection, {
    nullable: true,
    description: 'Every interaction with the customer across services, newest first.',
  })
  async timeline(
    @Parent() customer: CustomerRef,
    @Args() args: ConnectionArgs,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<TimelineConnection> {
    const size = pageSize(args.first);
    // Customers asked for with the same arguments share one loader, and so one statement.
    const loader = ctx.loaders.get(`timelineByCustomer:${size}:${args.after ?? ''}`, (ids) =>
      this.timelineService.pagesByCustomerIds(ids, size, args.after),
    );
    const page = await loader.load(customer.id.toLowerCase());
    return mapNodes(page, toTimelineEntry);
  }
}
