import { CanRead, CurrentIdentity, type Identity } from '@crm/auth';
import { PORTAL_TAG, type GraphQLRequestContext } from '@crm/graphql';
import { Context, Directive, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { SupportCase } from '../cases/case.object';
import { CaseSatisfaction, toCaseSatisfaction } from './case-satisfaction.object';
import { CaseSatisfactionService } from './case-satisfaction.service';

@CanRead('service')
@Resolver(() => SupportCase)
export class CaseSatisfactionResolver {
  constructor(private readonly surveys: CaseSatisfactionService) {}

  @CanRead('service', { customer: true })
  @Directive(PORTAL_TAG)
  @ResolveField(() => CaseSatisfaction, {
    nullable: true,
    description: 'The satisfaction survey sent when the case was resolved, with its answer; null before (or without a contact).',
  })
  async satisfaction(
    @Parent() supportCase: SupportCase,
    @Context() ctx: GraphQLRequestContext,
    @CurrentIdentity() caller: Identity,
  ): Promise<CaseSatisfaction | null> {
    const found = await ctx.loaders.get('satisfactionByCase', (ids) => this.surveys.byCaseIds(caller, ids)).load(supportCase.id);
    return found ? toCaseSatisfaction(found) : null;
  }
}
