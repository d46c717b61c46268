import { CanRead, CurrentIdentity, type Identity } from '@crm/auth';
import type { GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { formatAmount } from '../opportunities/money-amount';
import { AccountRollupArgs } from './account-hierarchy.input';
import { AccountRollup } from './account-hierarchy.object';
import { AccountHierarchyService } from './account-hierarchy.service';
import { Customer, toCustomer } from './customer.object';
import { CustomerService } from './customer.service';

/** A customer's place in the account hierarchy: its parent, and the roll-up over it and its sub-accounts. */
@CanRead('sales')
@Resolver(() => Customer)
export class AccountHierarchyResolver {
  constructor(
    private readonly hierarchy: AccountHierarchyService,
    private readonly customers: CustomerService,
  ) {}

  @ResolveField(() => Customer, { nullable: true, description: 'The parent account.' })
  async parent(@Parent() c: Customer, @Context() ctx: GraphQLRequestContext): Promise<Customer | null> {
    if (!c.parentId) return null;
    const parent = await ctx.loaders.get('customerById', (ids) => this.customers.findByIds(ids)).load(c.parentId);
    return parent ? toCustomer(parent) : null;
  }

  @ResolveField(() => AccountRollup, {
    description: 'Open pipeline and won revenue over this account and every account below it: one statement for a whole list.',
  })
  async rollup(
    @Parent() c: Customer,
    @Args() args: AccountRollupArgs,
    @CurrentIdentity() caller: Identity,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<AccountRollup> {
    const { currency } = args;
    const row = await ctx.loaders.get(`accountRollup:${currency}`, (ids) => this.hierarchy.rollups(caller, ids, currency)).load(c.id);
    const money = (amount: string) => ({ amount: formatAmount(amount, currency), currency });
    return {
      currency,
      accounts: row?.accounts ?? 1,
      openCount: row?.open_count ?? 0,
      openPipeline: money(row?.open_amount ?? '0'),
      wonCount: row?.won_count ?? 0,
      wonRevenue: money(row?.won_amount ?? '0'),
    };
  }
}
