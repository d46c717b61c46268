import { CanRead, CanWrite, CurrentIdentity, identityOf, type Identity } from '@crm/auth';
import { mapNodes, PARTNER_TAG, ParseIdPipe, referenceId, type GraphQLRequestContext } from '@crm/graphql';
import { CallerCredential } from '@crm/references';
import { Args, Context, Directive, ID, Mutation, Query, ResolveReference, Resolver } from '@nestjs/graphql';
import {
  ApproveDealRegistrationInput,
  DealRegistrationsArgs,
  RegisterDealInput,
  RejectDealRegistrationInput,
} from './deal-registration.input';
import { DealRegistration, DealRegistrationConnection, toDealRegistration } from './deal-registration.object';
import { DealRegistrationService } from './deal-registration.service';

// Partners read their own registrations here; another partner's answer exactly as missing ones.
@CanRead('partners', { partner: true })
@Resolver(() => DealRegistration)
export class DealRegistrationResolver {
  constructor(private readonly service: DealRegistrationService) {}

  @Directive(PARTNER_TAG)
  @Query(() => DealRegistration, {
    nullable: true,
    description: 'A deal registration by id, or null when there is none (or it is not yours).',
  })
  async dealRegistration(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<DealRegistration | null> {
    return this.byId(id, ctx);
  }

  @ResolveReference()
  async resolveReference(ref: { id?: unknown }, ctx: GraphQLRequestContext): Promise<DealRegistration | null> {
    const id = referenceId(ref);
    return id ? this.byId(id, ctx) : null;
  }

  private async byId(id: string, ctx: GraphQLRequestContext): Promise<DealRegistration | null> {
    const found = await ctx.loaders.get('dealRegistrationById', (ids) => this.service.findByIds(identityOf(ctx.req), ids)).load(id);
    return found ? toDealRegistration(found) : null;
  }

  @Directive(PARTNER_TAG)
  @Query(() => DealRegistrationConnection, {
    description: 'Deal registrations, newest first, a page at a time (a partner sees only its own).',
  })
  async dealRegistrations(@Args() args: DealRegistrationsArgs, @CurrentIdentity() caller: Identity): Promise<DealRegistrationConnection> {
    return mapNodes(await this.service.page(caller, args), toDealRegistration);
  }

  @Directive(PARTNER_TAG)
  @CanWrite('partners', { partner: true })
  @Mutation(() => DealRegistration, {
    description:
      'A partner registers a deal (its token names the partner). A domain another partner has registered within the protection window is BAD_USER_INPUT on domain; a customer with an open opportunity is BAD_USER_INPUT on customerId.',
  })
  async registerDeal(
    @Args('input') input: RegisterDealInput,
    @CurrentIdentity() caller: Identity,
    @CallerCredential() credential: CallerCredential,
  ): Promise<DealRegistration> {
    return toDealRegistration(await this.service.register(caller, input, credential));
  }

  @CanWrite('partners')
  @Mutation(() => DealRegistration, {
    description:
      'Approves a SUBMITTED registration on a sales customer; sales opens the partner’s opportunity. Any other state is BAD_USER_INPUT on id, naming it.',
  })
  async approveDealRegistration(
    @Args('input') input: ApproveDealRegistrationInput,
    @CurrentIdentity() caller: Identity,
    @CallerCredential() credential: CallerCredential,
  ): Promise<DealRegistration> {
    return toDealRegistration(await this.service.approve(caller, input, credential));
  }

  @CanWrite('partners')
  @Mutation(() => DealRegistration, { description: 'Rejects a SUBMITTED registration with a reason the partner sees.' })
  async rejectDealRegistration(
    @Args('input') input: RejectDealRegistrationInput,
    @CurrentIdentity() caller: Identity,
  ): Promise<DealRegistration> {
    return toDealRegistration(await this.service.reject(caller, input));
  }
}
