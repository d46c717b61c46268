import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { ParseIdPipe, type GraphQLRequestContext, mapNodes } from '@crm/graphql';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Contact } from '../customers/contact.object';
import { Customer } from '../customers/customer.object';
import { Opportunity } from '../opportunities/opportunity.object';
import { ActivitiesArgs, LogActivityInput, UpdateActivityInput } from './activity.input';
import { Activity, ActivityConnection, toActivity } from './activity.object';
import { ACTIVITIES_PER_CUSTOMER, ActivityService } from './activity.service';

@CanRead('sales')
@Resolver(() => Activity)
export class ActivityResolver {
  constructor(private readonly activityService: ActivityService) {}

  @Query(() => Activity, { nullable: true, description: 'An activity by id, or null when there is none.' })
  async activity(@Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<Activity | null> {
    const found = await this.activityService.findById(id);
    return found ? toActivity(found) : null;
  }

  @Query(() => ActivityConnection, { description: 'Activities, filtered and sorted, a page at a time.' })
  async activities(@Args() args: ActivitiesArgs, @CurrentIdentity() caller: Identity): Promise<ActivityConnection> {
    const page = await this.activityService.page(caller, args);
    return mapNodes(page, toActivity);
  }

  @CanWrite('sales')
  @Mutation(() => Activity, { description: 'Logs a task, call, meeting or email against a customer, contact or opportunity.' })
  async logActivity(@Args('input') input: LogActivityInput, @CurrentIdentity() caller: Identity): Promise<Activity> {
    return toActivity(await this.activityService.log(caller, input));
  }

  @CanWrite('sales')
  @Mutation(() => Activity)
  async updateActivity(@Args('input') input: UpdateActivityInput, @CurrentIdentity() caller: Identity): Promise<Activity> {
    return toActivity(await this.activityService.update(caller, input));
  }

  @CanWrite('sales')
  @Mutation(() => Activity, {
    description: 'Marks it done by the caller, now (or at `occurredAt`, for a history import); an activity already done stays as it was.',
  })
  async completeActivity(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
    @Args('occurredAt', {
      type: () => Date,
      nullable: true,
      description: 'When it was done, for loading history: not in the future, not before it was logged, admin only.',
    })
    occurredAt?: Date | null,
  ): Promise<Activity> {
    return toActivity(await this.activityService.complete(caller, id, occurredAt));
  }

  @CanWrite('sales')
  @Mutation(() => Activity, { description: 'Opens a completed activity again.' })
  async reopenActivity(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<Activity> {
    return toActivity(await this.activityService.reopen(caller, id));
  }

  @CanWrite('sales')
  @Mutation(() => Activity)
  async deleteActivity(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<Activity> {
    return toActivity(await this.activityService.delete(caller, id));
  }
}

/** `Customer.activities`, kept beside the activities so customers/ need not know about them. */
@CanRead('sales')
@Resolver(() => Customer)
export class CustomerActivitiesResolver {
  constructor(private readonly activityService: ActivityService) {}

  @ResolveField(() => [Activity], {
    description: `The newest activities, at most ${ACTIVITIES_PER_CUSTOMER}; page with \`activities(filter: { customerId })\` for more.`,
  })
  async activities(@Parent() customer: Customer, @Context() ctx: GraphQLRequestContext): Promise<Activity[]> {
    const list = await ctx.loaders.get('activitiesByCustomer', (ids) => this.activityService.byCustomerIds(ids)).load(customer.id);
    return list.map(toActivity);
  }
}

/** `Contact.activities`, kept beside the activities so customers/ need not know about them. */
@CanRead('sales')
@Resolver(() => Contact)
export class ContactActivitiesResolver {
  constructor(private readonly activityService: ActivityService) {}

  @ResolveField(() => [Activity], {
    description: `The newest activities logged against this contact, at most ${ACTIVITIES_PER_CUSTOMER}; page with \`activities(filter: { contactId })\` for more.`,
  })
  async activities(@Parent() contact: Contact, @Context() ctx: GraphQLRequestContext): Promise<Activity[]> {
    const list = await ctx.loaders.get('activitiesByContact', (ids) => this.activityService.byContactIds(ids)).load(contact.id);
    return list.map(toActivity);
  }
}

/** `Opportunity.activities`, kept beside the activities so opportunities/ need not know about them. */
@CanRead('sales')
@Resolver(() => Opportunity)
export class OpportunityActivitiesResolver {
  constructor(private readonly activityService: ActivityService) {}

  @ResolveField(() => [Activity], {
    description: `The newest activities logged against this opportunity, at most ${ACTIVITIES_PER_CUSTOMER}; page with \`activities(filter: { opportunityId })\` for more.`,
  })
  async activities(@Parent() opportunity: Opportunity, @Context() ctx: GraphQLRequestContext): Promise<Activity[]> {
    const list = await ctx.loaders.get('activitiesByOpportunity', (ids) => this.activityService.byOpportunityIds(ids)).load(opportunity.id);
    return list.map(toActivity);
  }
}
