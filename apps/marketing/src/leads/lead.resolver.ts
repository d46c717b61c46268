import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { ParseIdPipe, type GraphQLRequestContext, mapNodes } from '@crm/graphql';
import { CallerCredential } from '@crm/references';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CustomerRef } from '@crm/graphql';
import { ConvertLeadInput } from './lead-conversion.input';
import { LeadConversion } from './lead-conversion.object';
import { CaptureLeadInput, LeadsArgs } from './lead.input';
import { Lead, LeadConnection, toLead } from './lead.object';
import { LeadService } from './lead.service';

@CanRead('marketing')
@Resolver(() => Lead)
export class LeadResolver {
  constructor(private readonly leadService: LeadService) {}

  @Query(() => Lead, { nullable: true, description: 'A lead by id, or null when there is none.' })
  async lead(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<Lead | null> {
    const found = await ctx.loaders.get('leadById', (ids) => this.leadService.findByIds(ids)).load(id);
    return found ? toLead(found) : null;
  }

  @Query(() => LeadConnection, { description: 'Leads, filtered and sorted, a page at a time.' })
  async leads(@Args() args: LeadsArgs): Promise<LeadConnection> {
    const page = await this.leadService.page(args);
    return mapNodes(page, toLead);
  }

  @CanWrite('marketing')
  @Mutation(() => Lead, {
    description:
      'Captures a lead; an email that is already a lead updates that lead instead of adding another. A customerId sales does not have is NOT_FOUND on customerId.',
  })
  async captureLead(
    @Args('input') input: CaptureLeadInput,
    @CurrentIdentity() caller: Identity,
    @CallerCredential() credential: CallerCredential,
  ): Promise<Lead> {
    return toLead(await this.leadService.capture(caller, input, credential));
  }

  @CanWrite('marketing')
  @Mutation(() => LeadConversion, {
    description:
      'Converts a lead into a customer with its contact and, optionally, an opportunity. Answers the minted ids at once; an already converted lead is BAD_USER_INPUT on leadId.',
  })
  async convertLead(@Args('input') input: ConvertLeadInput, @CurrentIdentity() who: Identity): Promise<LeadConversion> {
    const c = await this.leadService.convert(input, who);
    return {
      lead: toLead(c.lead),
      customerId: c.customerId,
      contactId: c.contactId,
      opportunityId: c.opportunityId,
      customer: { id: c.customerId },
    };
  }

  @ResolveField(() => CustomerRef, {
    nullable: true,
    description: 'The customer the lead belongs to, resolved by the sales subgraph; null while the lead has none.',
  })
  customer(@Parent() lead: Lead): CustomerRef | null {
    return lead.customerId ? { id: lead.customerId } : null;
  }
}
