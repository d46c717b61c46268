import { CanRead, CurrentIdentity, type Identity } from '@crm/auth';
import type { GraphQLRequestContext } from '@crm/graphql';
import { Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CustomerRef } from '@crm/graphql';
import { SupportCase, toCase } from './case.object';
import { CASES_PER_CUSTOMER, CaseService } from './case.service';

/** The service subgraph's fields on Customer. Nullable, so the customer 360 survives this subgraph being down. */
@CanRead('service')
@Resolver(() => CustomerRef)
export class CustomerCasesResolver {
  constructor(private readonly caseService: CaseService) {}

  @ResolveField(() => [SupportCase], { nullable: true, description: `The customer's newest cases, at most ${CASES_PER_CUSTOMER}.` })
  @CanRead('service', { customer: true })
  async cases(
    @Parent() customer: CustomerRef,
    @Context() ctx: GraphQLRequestContext,
    @CurrentIdentity() caller: Identity,
  ): Promise<SupportCase[]> {
    const list = await ctx.loaders
      .get('casesByCustomer', (ids) => this.caseService.newestByCustomerIds(caller, ids))
      .load(customer.id.toLowerCase());
    return list.map(toCase);
  }

  @ResolveField(() => Int, { nullable: true, description: 'How many of its cases still need work (not RESOLVED or CLOSED).' })
  @CanRead('service', { customer: true })
  openCaseCount(
    @Parent() customer: CustomerRef,
    @Context() ctx: GraphQLRequestContext,
    @CurrentIdentity() caller: Identity,
  ): Promise<number> {
    return ctx.loaders
      .get('openCaseCountByCustomer', (ids) => this.caseService.openCountsByCustomerIds(caller, ids))
      .load(customer.id.toLowerCase());
  }
}
