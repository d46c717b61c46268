import { CanRead, CanWrite, CurrentIdentity, identityOf, type Identity } from '@crm/auth';
import { mapNodes, PARTNER_TAG, ParseIdPipe, referenceId, type GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, Directive, ID, Mutation, Query, ResolveReference, Resolver } from '@nestjs/graphql';
import { CommissionIdInput, CommissionStatementArgs, CommissionsArgs } from './commission.input';
import { Commission, CommissionConnection, CommissionStatement, toCommission, toCommissionTotals } from './commission.object';
import { CommissionService } from './commission.service';

// Partners read their own commissions and statements here; another partner's answer exactly as missing ones.
@CanRead('partners', { partner: true })
@Resolver(() => Commission)
export class CommissionResolver {
  constructor(private readonly service: CommissionService) {}

  @Directive(PARTNER_TAG)
  @Query(() => Commission, { nullable: true, description: 'A commission by id, or null when there is none (or it is not yours).' })
  async commission(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<Commission | null> {
    return this.byId(id, ctx);
  }

  @ResolveReference()
  async resolveReference(ref: { id?: unknown }, ctx: GraphQLRequestContext): Promise<Commission | null> {
    const id = referenceId(ref);
    return id ? this.byId(id, ctx) : null;
  }

  private async byId(id: string, ctx: GraphQLRequestContext): Promise<Commission | null> {
    const found = await ctx.loaders.get('commissionById', (ids) => this.service.findByIds(identityOf(ctx.req), ids)).load(id);
    return found ? toCommission(found) : null;
  }

  @Directive(PARTNER_TAG)
  @Query(() => CommissionConnection, { description: 'Commissions, newest win first, a page at a time (a partner sees only its own).' })
  async commissions(@Args() args: CommissionsArgs, @CurrentIdentity() caller: Identity): Promise<CommissionConnection> {
    return mapNodes(await this.service.page(caller, args), toCommission);
  }

  @Directive(PARTNER_TAG)
  @Query(() => CommissionStatement, {
    nullable: true,
    description: 'A partner’s commission totals for a month, per currency; null when there is no such partner (or it is not you).',
  })
  async commissionStatement(
    @Args() args: CommissionStatementArgs,
    @CurrentIdentity() caller: Identity,
  ): Promise<CommissionStatement | null> {
    const rows = await this.service.statement(caller, args);
    return rows && { partnerId: args.partnerId, period: args.period, totals: rows.map(toCommissionTotals) };
  }

  @CanWrite('partners')
  @Mutation(() => Commission, {
    description: 'Approves an ACCRUED commission for payout; any other status is BAD_USER_INPUT on id, naming it.',
  })
  async approveCommission(@Args('input') input: CommissionIdInput, @CurrentIdentity() caller: Identity): Promise<Commission> {
    return toCommission(await this.service.approve(caller, input.id));
  }

  @CanWrite('partners')
  @Mutation(() => Commission, {
    description: 'Records an APPROVED commission as paid; any other status is BAD_USER_INPUT on id, naming it.',
  })
  async payCommission(@Args('input') input: CommissionIdInput, @CurrentIdentity() caller: Identity): Promise<Commission> {
    return toCommission(await this.service.pay(caller, input.id));
  }
}
