import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { PORTAL_TAG, ParseIdPipe, mapNodes } from '@crm/graphql';
import { CallerCredential } from '@crm/references';
import { Args, Directive, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RETURNS_PER_CASE_MAX } from './return.enums';
import { ChangeReturnStatusInput, RequestReturnInput, ReturnsArgs } from './return.input';
import { CaseReturn, CaseReturnConnection, toCaseReturn } from './return.object';
import { ReturnService } from './return.service';

@CanRead('service', { customer: true })
@Resolver(() => CaseReturn)
export class ReturnResolver {
  constructor(private readonly returnService: ReturnService) {}

  @Directive(PORTAL_TAG)
  @Query(() => CaseReturn, {
    nullable: true,
    description: "A return by id, or null when there is none (or, for a customer, it is another customer's).",
  })
  async caseReturn(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<CaseReturn | null> {
    const found = await this.returnService.findById(caller, id);
    return found ? toCaseReturn(found, caller) : null;
  }

  @Directive(PORTAL_TAG)
  @Query(() => CaseReturnConnection, { description: "Returns, newest first, a page at a time (a customer's own only, for a customer)." })
  async caseReturns(@Args() args: ReturnsArgs, @CurrentIdentity() caller: Identity): Promise<CaseReturnConnection> {
    return mapNodes(await this.returnService.page(caller, args), (r) => toCaseReturn(r, caller));
  }

  @CanWrite('service', { customer: true })
  @Directive(PORTAL_TAG)
  @Mutation(() => CaseReturn, {
    description: `Requests a return on a RETURN case that is not CLOSED (at most ${RETURNS_PER_CASE_MAX} per case); a customer on its own case, for the case's product. Another type of case is BAD_USER_INPUT on caseId; an unknown product is NOT_FOUND on items.N.productId.`,
  })
  async requestReturn(
    @Args('input') input: RequestReturnInput,
    @CurrentIdentity() caller: Identity,
    @CallerCredential() credential: CallerCredential,
  ): Promise<CaseReturn> {
    return toCaseReturn(await this.returnService.request(caller, input, credential), caller);
  }

  @CanWrite('service')
  @Mutation(() => CaseReturn, {
    description:
      'Moves a return: REQUESTED to APPROVED, to RECEIVED, to REFUNDED (with the refund); or to REJECTED (with the reason) before the refund. A move the flow does not allow is BAD_USER_INPUT on status, naming the moves it allows.',
  })
  async changeReturnStatus(@Args('input') input: ChangeReturnStatusInput, @CurrentIdentity() caller: Identity): Promise<CaseReturn> {
    return toCaseReturn(await this.returnService.changeStatus(caller, input), caller);
  }
}
