import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { ParseIdPipe, type GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CustomerMerge, MergeCustomersPayload, toCustomerMerge } from './customer-merge.object';
import { CustomerMergeService } from './customer-merge.service';
import { Customer, toCustomer } from '../customers/customer.object';

@CanRead('sales')
@Resolver(() => Customer)
export class CustomerMergeResolver {
  constructor(private readonly mergeService: CustomerMergeService) {}

  @CanWrite('sales')
  @Mutation(() => MergeCustomersPayload, {
    description:
      'Merges one customer into another: its contacts and opportunities move to the survivor, it is soft-deleted for good, the merge is audited and published (customer.merged).',
  })
  async mergeCustomers(
    @Args('survivorId', { type: () => ID }, new ParseIdPipe('survivorId')) survivorId: string,
    @Args('mergedId', { type: () => ID }, new ParseIdPipe('mergedId')) mergedId: string,
    @CurrentIdentity() who: Identity,
  ): Promise<MergeCustomersPayload> {
    const { merge, survivor } = await this.mergeService.merge(survivorId, mergedId, who);
    return { survivor: toCustomer(survivor), merge: toCustomerMerge(merge) };
  }

  @ResolveField(() => [CustomerMerge], { description: 'The customers merged into this one, newest first.' })
  async merges(@Parent() customer: Customer, @Context() ctx: GraphQLRequestContext): Promise<CustomerMerge[]> {
    const list = await ctx.loaders.get('mergesIntoCustomer', (ids) => this.mergeService.intoCustomers(ids)).load(customer.id);
    return list.map(toCustomerMerge);
  }
}
