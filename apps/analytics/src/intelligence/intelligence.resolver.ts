import { CanRead } from '@crm/auth';
import { CustomerRef, Money, type GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CustomerIntelligence, PREDICTED_VALUE_METHOD, RfmScore } from './intelligence.object';
import { IntelligenceService } from './intelligence.service';

/** Analytics' customer intelligence on Customer; nullable, so the customer 360 survives this subgraph being down. */
@CanRead('analytics')
@Resolver(() => CustomerRef)
export class CustomerIntelligenceResolver {
  @ResolveField(() => CustomerIntelligence, {
    nullable: true,
    description: 'Lifetime value, its 12-month prediction and RFM scores, from won deals.',
  })
  intelligence(@Parent() customer: CustomerRef): CustomerIntelligence {
    return { customerId: customer.id.toLowerCase(), lifetimeValue: [] };
  }
}

@CanRead('analytics')
@Resolver(() => CustomerIntelligence)
export class IntelligenceResolver {
  constructor(private readonly intelligenceService: IntelligenceService) {}

  @ResolveField(() => [Money])
  lifetimeValue(@Parent() c: CustomerIntelligence, @Context() ctx: GraphQLRequestContext): Promise<Money[]> {
    return ctx.loaders.get('lifetimeValueByCustomer', (ids) => this.intelligenceService.lifetimeValues(ids)).load(c.customerId);
  }

  @ResolveField(() => [Money], { description: PREDICTED_VALUE_METHOD })
  predictedValue12Months(@Parent() c: CustomerIntelligence, @Context() ctx: GraphQLRequestContext): Promise<Money[]> {
    return ctx.loaders.get('predictedValueByCustomer', (ids) => this.intelligenceService.predictedValues(ids)).load(c.customerId);
  }

  @ResolveField(() => RfmScore, { nullable: true, description: 'Null for a customer without a won deal in the currency.' })
  rfm(
    @Parent() c: CustomerIntelligence,
    @Args('currency', { description: 'ISO 4217: customers are scored among those that bought in it.' }) currency: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<RfmScore | null> {
    return ctx.loaders.get(`rfmByCustomer:${currency}`, (ids) => this.intelligenceService.rfm(ids, currency)).load(c.customerId);
  }
}
