import { mapNodes } from '@crm/graphql';
import { CanRead } from '@crm/auth';
import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CustomerRef } from '@crm/graphql';
import { TimelineArgs } from './timeline.input';
import { TimelineConnection, TimelineEntry, toTimelineEntry } from './timeline.object';
import { TimelineService } from './timeline.service';

@CanRead('analytics')
@Resolver(() => TimelineEntry)
export class TimelineResolver {
  constructor(private readonly timelineService: TimelineService) {}

  @Query(() => TimelineConnection, { description: "Every customer's interactions across services, newest first, a page at a time." })
  async timeline(@Args() args: TimelineArgs): Promise<TimelineConnection> {
    const page = await this.timelineService.page(args);
    return mapNodes(page, toTimelineEntry);
  }

  @ResolveField(() => CustomerRef, {
    nullable: true,
    description: 'The customer the interaction was with, resolved by the sales subgraph.',
  })
  customer(@Parent() entry: TimelineEntry): CustomerRef {
    return { id: entry.customerId };
  }
}
