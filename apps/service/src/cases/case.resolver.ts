import { CanRead, CanWrite, CurrentIdentity, identityOf, type Identity } from '@crm/auth';
import { PORTAL_TAG, ParseIdPipe, mapNodes, type GraphQLRequestContext, referenceId } from '@crm/graphql';
import { CallerCredential } from '@crm/references';
import { Args, Context, Directive, ID, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CustomerRef, UserRef, userRef } from '@crm/graphql';
import { CaseMessage, CaseMessageConnection, toCaseMessage } from './case-message.object';
import {
  CasesArgs,
  CaseThreadArgs,
  ChangeCaseStatusInput,
  MergeCasesInput,
  OpenCaseInput,
  PostCaseMessageInput,
  RelateCasesInput,
  UpdateCaseInput,
} from './case.input';
import { CaseConnection, SupportCase, toCase } from './case.object';
import { CaseService, RELATED_CASES_MAX } from './case.service';

@CanRead('service')
@Resolver(() => SupportCase)
export class CaseResolver {
  constructor(private readonly caseService: CaseService) {}

  @CanRead('service', { customer: true })
  @Directive(PORTAL_TAG)
  @Query(() => SupportCase, {
    nullable: true,
    description: "A case by id, or null when there is none (or, for a customer, it is another customer's).",
  })
  async case(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<SupportCase | null> {
    const found = await this.caseService.findById(caller, id);
    return found ? toCase(found) : null;
  }

  /** `_entities` by key (search hits point at cases), batched, in the caller's scope; an unknown id answers null. */
  @ResolveReference()
  async resolveReference(@Parent() reference: { id?: unknown }, @Context() ctx: GraphQLRequestContext): Promise<SupportCase | null> {
    const id = referenceId(reference);
    if (!id) return null;
    const caller = identityOf(ctx.req);
    const found = await ctx.loaders.get('caseById', (ids) => this.caseService.findByIds(caller, ids)).load(id);
    return found ? toCase(found) : null;
  }

  @CanRead('service', { customer: true })
  @Directive(PORTAL_TAG)
  @Query(() => CaseConnection, { description: "Cases, filtered and sorted, a page at a time (a customer's own only, for a customer)." })
  async cases(@Args() args: CasesArgs, @CurrentIdentity() caller: Identity): Promise<CaseConnection> {
    const page = await this.caseService.page(caller, args);
    return mapNodes(page, toCase);
  }

  @Query(() => CaseMessageConnection, {
    description: "A case's thread (replies and internal notes), oldest first; NOT_FOUND on caseId for a case that does not exist.",
  })
  @CanRead('service', { customer: true })
  @Directive(PORTAL_TAG)
  async caseThread(@Args() args: CaseThreadArgs, @CurrentIdentity() caller: Identity): Promise<CaseMessageConnection> {
    return mapNodes(await this.caseService.thread(caller, args), (m) => toCaseMessage(m, caller));
  }

  @CanWrite('service', { customer: true })
  @Directive(PORTAL_TAG)
  @Mutation(() => SupportCase, {
    description:
      'Opens a NEW case for a customer (a customer opens its own, through the PORTAL channel). A customer sales does not have (never created, or deleted) is NOT_FOUND on customerId; a merged-away customer opens the case on the one it was merged into. An unknown product is NOT_FOUND on productId.',
  })
  async openCase(
    @Args('input') input: OpenCaseInput,
    @CurrentIdentity() caller: Identity,
    @CallerCredential() credential: CallerCredential,
  ): Promise<SupportCase> {
    return toCase(await this.caseService.open(caller, input, credential));
  }

  @CanWrite('service')
  @Mutation(() => SupportCase, {
    description:
      'Changes the fields given; null clears a nullable one and is BAD_USER_INPUT on the others. A changed assignee publishes case.assigned. A case merged away is CONFLICT.',
  })
  async updateCase(
    @Args('input') input: UpdateCaseInput,
    @CurrentIdentity() caller: Identity,
    @CallerCredential() credential: CallerCredential,
  ): Promise<SupportCase> {
    return toCase(await this.caseService.update(caller, input, credential));
  }

  @CanWrite('service')
  @Mutation(() => SupportCase, {
    description: 'Moves a case to another status; a transition the workflow does not allow is BAD_USER_INPUT on `status`.',
  })
  async changeCaseStatus(@Args('input') input: ChangeCaseStatusInput, @CurrentIdentity() caller: Identity): Promise<SupportCase> {
    return toCase(await this.caseService.changeStatus(caller, input));
  }

  @CanWrite('service', { customer: true })
  @Directive(PORTAL_TAG)
  @Mutation(() => CaseMessage, {
    description: "Adds a reply to the customer, or an internal note, to a case's thread, written by the caller. A CLOSED case is CONFLICT.",
  })
  async postCaseMessage(@Args('input') input: PostCaseMessageInput, @CurrentIdentity() caller: Identity): Promise<CaseMessage> {
    return toCaseMessage(await this.caseService.postMessage(caller, input), caller);
  }

  @CanWrite('service')
  @Mutation(() => SupportCase, {
    description: `Relates two cases both ways (again changes nothing); at most ${RELATED_CASES_MAX} per case. Answers the first case.`,
  })
  async relateCases(@Args('input') input: RelateCasesInput, @CurrentIdentity() caller: Identity): Promise<SupportCase> {
    return toCase(await this.caseService.relate(caller, input));
  }

  @CanWrite('service')
  @Mutation(() => SupportCase, {
    description:
      "Merges a duplicate into another case of the same customer: the duplicate's thread, relations and returns move there and it is CLOSED. A duplicate with returns merges only into a RETURN case (else BAD_USER_INPUT on intoId) with room for them (else CONFLICT on intoId). Answers the surviving case.",
  })
  async mergeCases(@Args('input') input: MergeCasesInput, @CurrentIdentity() caller: Identity): Promise<SupportCase> {
    return toCase(await this.caseService.merge(caller, input));
  }

  @ResolveField(() => [SupportCase], { description: `The cases related to this one, at most ${RELATED_CASES_MAX}.` })
  async relatedCases(
    @Parent() supportCase: SupportCase,
    @Context() ctx: GraphQLRequestContext,
    @CurrentIdentity() caller: Identity,
  ): Promise<SupportCase[]> {
    const related = await ctx.loaders.get('relatedCases', (ids) => this.caseService.relatedByCaseIds(caller, ids)).load(supportCase.id);
    return related.map(toCase);
  }

  @ResolveField(() => UserRef, { nullable: true, description: 'The user working on it, resolved by sales; assigneeId is its id.' })
  assignee(@Parent() supportCase: SupportCase): UserRef | null {
    return userRef(supportCase.assigneeId);
  }

  @ResolveField(() => CustomerRef, {
    nullable: true,
    description: 'The customer the case is about, resolved by the sales subgraph (null there when sales has no such customer).',
  })
  customer(@Parent() supportCase: SupportCase): CustomerRef {
    return { id: supportCase.customerId };
  }
}
