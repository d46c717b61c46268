import { CanRead } from '@crm/auth';
import type { GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CustomerIntelligence } from '../intelligence/intelligence.object';
import { CrossSellSuggestion } from './cross-sell.object';
import { CrossSellService, MAX_CROSS_SELL } from './cross-sell.service';

@CanRead('analytics')
@Resolver(() => CustomerIntelligence)
export class CrossSellResolver {
  constructor(private readonly crossSellService: CrossSellService) {}

  @ResolveField(() => [CrossSellSuggestion], {
    description: 'Products to offer next, the strongest first; none before a won deal with products.',
  })
  crossSell(
    @Parent() c: CustomerIntelligence,
    @Args('first', { type: () => Int, defaultValue: 5, description: `How many, 1 to ${MAX_CROSS_SELL}.` }) first: number,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<CrossSellSuggestion[]> {
    return ctx.loaders.get(`crossSellByCustomer:${first}`, (ids) => this.crossSellService.suggestions(ids, first)).load(c.customerId);
  }
}
