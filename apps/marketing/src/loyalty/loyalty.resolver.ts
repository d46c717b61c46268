import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { CustomerRef, type GraphQLRequestContext } from '@crm/graphql';
import { CallerCredential } from '@crm/references';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { tierFor } from './loyalty-points';
import { LoyaltyPointsInput, SetLoyaltyProgrammeInput } from './loyalty.input';
import { CustomerLoyalty, LoyaltyProgramme, toLoyaltyEntry, toLoyaltyProgramme } from './loyalty.object';
import { LoyaltyService } from './loyalty.service';

@CanRead('marketing')
@Resolver(() => CustomerRef)
export class LoyaltyResolver {
  constructor(private readonly service: LoyaltyService) {}

  @Query(() => LoyaltyProgramme, { nullable: true, description: 'The loyalty programme; null until one is set.' })
  async loyaltyProgramme(): Promise<LoyaltyProgramme | null> {
    const p = await this.service.programme();
    return p ? toLoyaltyProgramme(p) : null;
  }

  @CanWrite('marketing')
  @Mutation(() => LoyaltyProgramme, { description: 'Sets the loyalty programme as a whole: tiers, earning, rolling period and expiry.' })
  async setLoyaltyProgramme(
    @Args('input') input: SetLoyaltyProgrammeInput,
    @CurrentIdentity() caller: Identity,
  ): Promise<LoyaltyProgramme> {
    return toLoyaltyProgramme(await this.service.setProgramme(caller, input));
  }

  @CanWrite('marketing')
  @Mutation(() => CustomerLoyalty, {
    description: 'Awards points by hand. CONFLICT while there is no programme; NOT_FOUND on customerId for no such customer.',
  })
  async awardLoyaltyPoints(
    @Args('input') input: LoyaltyPointsInput,
    @CurrentIdentity() caller: Identity,
    @CallerCredential() credential: CallerCredential,
  ): Promise<CustomerLoyalty> {
    // The account's customer: a merged customer's points go to the survivor.
    return this.loyaltyOf((await this.service.award(caller, input, credential)).customerId);
  }

  @CanWrite('marketing')
  @Mutation(() => CustomerLoyalty, {
    description: 'Redeems points. More than the balance is BAD_USER_INPUT on points, naming the balance, and nothing is written.',
  })
  async redeemLoyaltyPoints(
    @Args('input') input: LoyaltyPointsInput,
    @CurrentIdentity() caller: Identity,
    @CallerCredential() credential: CallerCredential,
  ): Promise<CustomerLoyalty> {
    return this.loyaltyOf((await this.service.redeem(caller, input, credential)).customerId);
  }

  @ResolveField(() => CustomerLoyalty, {
    nullable: true,
    description: 'Loyalty balance, tier and the next tier; null while there is no programme.',
  })
  async loyalty(@Parent() customer: CustomerRef, @Context() ctx: GraphQLRequestContext): Promise<CustomerLoyalty | null> {
    return ctx.loaders.get('customerLoyalty', (ids) => this.batch(ids)).load(String(customer.id).toLowerCase());
  }

  private async loyaltyOf(customerId: string): Promise<CustomerLoyalty> {
    return (await this.batch([customerId]))[0]!;
  }

  private async batch(ids: readonly string[]): Promise<(CustomerLoyalty | null)[]> {
    const { programme, figures } = await this.service.loyaltyOf(ids);
    if (!programme) return ids.map(() => null);
    return figures.map((f) => {
      const { next } = tierFor(programme.tiers, f.periodPoints);
      return {
        balance: f.account?.balance ?? 0,
        tier: f.account?.tier ?? null,
        periodPoints: f.periodPoints,
        nextTier: next?.name ?? null,
        nextTierThreshold: next?.threshold ?? null,
        entries: f.entries.map(toLoyaltyEntry),
      };
    });
  }
}
