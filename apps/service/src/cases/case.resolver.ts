import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { ParseIdPipe, mapNodes } from '@crm/graphql';
import { CallerCredential } from '@crm/references';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CustomerRef } from '@crm/graphql';
import { CasesArgs, ChangeCaseStatusInput, OpenCaseInput } from './case.input';
import { CaseConnection, SupportCase, toCase } from './case.object';
import { CaseService } from './case.service';

@CanRead('service')
@Resolver(() => SupportCase)
export class CaseResolver {
  constructor(private readonly caseService: CaseService) {}

  @Query(() => SupportCase, { nullable: true, description: 'A case by id, or null when there is none.' })
  async case(@Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<SupportCase | null> {
    const found = await this.caseService.findById(id);
    return found ? toCase(found) : null;
  }

  @Query(() => CaseConnection, { description: 'Cases, filtered and sorted, a page at a time.' })
  async cases(@Args() args: CasesArgs): Promise<CaseConnection> {
    const page = await this.caseService.page(args);
    return mapNodes(page, toCase);
  }

  @CanWrite('service')
  @Mutation(() => SupportCase, {
    description:
      'Opens a NEW case for a customer. A customer sales does not have (never created, or deleted) is NOT_FOUND on customerId; a merged-away customer opens the case on the one it was merged into.',
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
    description: 'Moves a case to another status; a transition the workflow does not allow is BAD_USER_INPUT on `status`.',
  })
  async changeCaseStatus(@Args('input') input: ChangeCaseStatusInput, @CurrentIdentity() caller: Identity): Promise<SupportCase> {
    return toCase(await this.caseService.changeStatus(caller, input));
  }

  @ResolveField(() => CustomerRef, {
    nullable: true,
    description: 'The customer the case is about, resolved by the sales subgraph (null there when sales has no such customer).',
  })
  customer(@Parent() supportCase: SupportCase): CustomerRef {
    return { id: supportCase.customerId };
  }
}
