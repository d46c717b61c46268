import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { ParseIdPipe, mapNodes, type GraphQLRequestContext } from '@crm/graphql';
import { CallerCredential } from '@crm/references';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CreateQueueInput, QueuesArgs, SetQueueMembersInput, SetRoutingRulesInput } from './queue.input';
import { Queue, QueueConnection, RoutingRule, toQueue, toRoutingRule } from './queue.object';
import { QueueService } from './queue.service';

@CanRead('service')
@Resolver(() => Queue)
export class QueueResolver {
  constructor(private readonly queueService: QueueService) {}

  @Query(() => Queue, { nullable: true, description: 'A queue by id, or null when there is none.' })
  async queue(@Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<Queue | null> {
    const found = await this.queueService.findById(id);
    return found ? toQueue(found) : null;
  }

  @Query(() => QueueConnection, { description: 'Queues by name, a page at a time.' })
  async queues(@Args() args: QueuesArgs): Promise<QueueConnection> {
    return mapNodes(await this.queueService.page(args), toQueue);
  }

  @Query(() => [RoutingRule], { description: 'The routing rules, in the order they are tried.' })
  async routingRules(): Promise<RoutingRule[]> {
    return (await this.queueService.rules()).map(toRoutingRule);
  }

  @CanWrite('service')
  @Mutation(() => Queue, { description: 'Creates a queue; a name already taken is CONFLICT on name.' })
  async createQueue(@Args('input') input: CreateQueueInput, @CurrentIdentity() caller: Identity): Promise<Queue> {
    return toQueue(await this.queueService.create(caller, input));
  }

  @CanWrite('service')
  @Mutation(() => Queue, { description: "Replaces a queue's members." })
  async setQueueMembers(@Args('input') input: SetQueueMembersInput, @CurrentIdentity() caller: Identity): Promise<Queue> {
    return toQueue(await this.queueService.setMembers(caller, input));
  }

  @CanWrite('service')
  @Mutation(() => [RoutingRule], {
    description:
      'Replaces the routing rules; an unknown queue or product is NOT_FOUND on `rules.<i>.queueId` / `.productId`, a tier that is not 1 to 5 BAD_USER_INPUT on `.customerTier`.',
  })
  async setRoutingRules(
    @Args('input') input: SetRoutingRulesInput,
    @CurrentIdentity() caller: Identity,
    @CallerCredential() credential: CallerCredential,
  ): Promise<RoutingRule[]> {
    return (await this.queueService.setRules(caller, input, credential)).map(toRoutingRule);
  }

  @ResolveField(() => [ID], { description: 'The user ids of its members.' })
  members(@Parent() queue: Queue, @Context() ctx: GraphQLRequestContext): Promise<string[]> {
    return ctx.loaders.get('queueMembers', (ids) => this.queueService.memberIdsByQueueIds(ids)).load(queue.id);
  }
}
