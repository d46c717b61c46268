import { CanRead } from '@crm/auth';
import type { GraphQLRequestContext } from '@crm/graphql';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CustomerIntelligence } from '../intelligence/intelligence.object';
import { ChurnRisk } from './churn-risk.object';
import { ChurnRiskService } from './churn-risk.service';

@CanRead('analytics')
@Resolver(() => CustomerIntelligence)
export class ChurnRiskResolver {
  constructor(private readonly churnRiskService: ChurnRiskService) {}

  @ResolveField(() => ChurnRisk, { nullable: true, description: 'Null for a customer analytics has no event of yet.' })
  churnRisk(@Parent() c: CustomerIntelligence, @Context() ctx: GraphQLRequestContext): Promise<ChurnRisk | null> {
    return ctx.loaders.get('churnRiskByCustomer', (ids) => this.churnRiskService.scores(ids)).load(c.customerId);
  }
}
