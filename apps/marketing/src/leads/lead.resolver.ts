import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { ContactEmail, ContactPhone, ParseIdPipe, referenceId, type GraphQLRequestContext, mapNodes } from '@crm/graphql';
import { CallerCredential } from '@crm/references';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CustomerRef } from '@crm/graphql';
import { ConvertLeadInput } from './lead-conversion.input';
import { LeadConversion } from './lead-conversion.object';
import { LeadLifecycleService } from './lead-lifecycle.service';
import { CaptureLeadInput, ChangeLeadStatusInput, LeadsArgs, LeadStatusHistoryArgs, MergeLeadsInput, UpdateLeadInput } from './lead.input';
import {
  Lead,
  LeadConnection,
  LeadDuplicate,
  LeadDuplicateMatch,
  LeadStatusChangeConnection,
  toLead,
  toLeadStatusChange,
} from './lead.object';
import { LeadService } from './lead.service';

@CanRead('marketing')
@Resolver(() => Lead)
export class LeadResolver {
  constructor(
    private readonly leadService: LeadService,
    private readonly lifecycle: LeadLifecycleService,
  ) {}

  @Query(() => Lead, { nullable: true, description: 'A lead by id, or null when there is none.' })
  async lead(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<Lead | null> {
    return this.byId(id, ctx);
  }

  /** `_entities` by key (search hits point at leads), batched with lead(id); an unknown id answers null. */
  @ResolveReference()
  async resolveReference(@Parent() reference: { id: string }, @Context() ctx: GraphQLRequestContext): Promise<Lead | null> {
    const id = referenceId(reference);
    return id ? this.byId(id, ctx) : null;
  }

  private async byId(id: string, ctx: GraphQLRequestContext): Promise<Lead | null> {
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

  @Query(() => [LeadDuplicate], {
    description: 'Other leads that share an email address or the company domain with the lead, newest first, at most 20.',
  })
  async leadDuplicates(@Args('leadId', { type: () => ID }, new ParseIdPipe('leadId')) leadId: string): Promise<LeadDuplicate[]> {
    const found = await this.lifecycle.duplicates(leadId);
    return found.map((d) => ({
      lead: toLead(d.lead),
      matchedOn: [...(d.byEmail ? [LeadDuplicateMatch.EMAIL] : []), ...(d.byDomain ? [LeadDuplicateMatch.COMPANY_DOMAIN] : [])],
    }));
  }

  @CanWrite('marketing')
  @Mutation(() => Lead, { description: "Changes a lead's attributes, emails, phones, source detail or tags." })
  async updateLead(@Args('input') input: UpdateLeadInput, @CurrentIdentity() caller: Identity): Promise<Lead> {
    return toLead(await this.lifecycle.update(caller, input));
  }

  @CanWrite('marketing')
  @Mutation(() => Lead, {
    description:
      'Moves a lead to CONTACTED, QUALIFIED, UNQUALIFIED (with a reason) or RECYCLED. A move the lead cannot make, a converted lead included, is BAD_USER_INPUT on status.',
  })
  async changeLeadStatus(@Args('input') input: ChangeLeadStatusInput, @CurrentIdentity() caller: Identity): Promise<Lead> {
    return toLead(await this.lifecycle.changeStatus(caller, input));
  }

  @CanWrite('marketing')
  @Mutation(() => Lead, { description: 'Merges a duplicate lead into the survivor and answers the survivor; the duplicate is deleted.' })
  async mergeLeads(@Args('input') input: MergeLeadsInput, @CurrentIdentity() caller: Identity): Promise<Lead> {
    return toLead(await this.lifecycle.merge(caller, input));
  }

  @ResolveField(() => [ContactEmail], { description: 'Every email address, in the order given; the primary one is `email`.' })
  async emails(@Parent() lead: Lead, @Context() ctx: GraphQLRequestContext): Promise<ContactEmail[]> {
    const rows = await ctx.loaders.get('leadEmails', (ids) => this.lifecycle.emailsOf(ids)).load(lead.id);
    return rows.map((e) => ({ address: e.address, type: e.type, primary: e.isPrimary }));
  }

  @ResolveField(() => [ContactPhone], { description: 'Every phone number, in the order given.' })
  async phones(@Parent() lead: Lead, @Context() ctx: GraphQLRequestContext): Promise<ContactPhone[]> {
    const rows = await ctx.loaders.get('leadPhones', (ids) => this.lifecycle.phonesOf(ids)).load(lead.id);
    return rows.map((p) => ({ number: p.number, type: p.type, primary: p.isPrimary }));
  }

  @ResolveField(() => LeadStatusChangeConnection, { description: 'Every status move of the lead, newest first.' })
  async statusHistory(@Parent() lead: Lead, @Args() args: LeadStatusHistoryArgs): Promise<LeadStatusChangeConnection> {
    return mapNodes(await this.lifecycle.statusHistory(lead.id, args), toLeadStatusChange);
  }

  @ResolveField(() => CustomerRef, {
    nullable: true,
    description: 'The customer the lead belongs to, resolved by the sales subgraph; null while the lead has none.',
  })
  customer(@Parent() lead: Lead): CustomerRef | null {
    return lead.customerId ? { id: lead.customerId } : null;
  }
}
