import {
  CaseArticleLinked,
  CaseAssigned,
  CaseMerged,
  CaseOpened,
  CaseReplied,
  CaseSlaBreached,
  CasesRelated,
  CaseUpdated,
  CampaignMemberChanged,
  CaseStatusChanged,
  CommissionAccrued,
  CommissionApproved,
  CommissionPaid,
  CommissionReversed,
  ConsentChanged,
  ContactAdded,
  CustomerCreated,
  CustomerMerged,
  CustomerUpdated,
  DealRegistrationApproved,
  DealRegistrationExpired,
  DealRegistrationSubmitted,
  LeadCaptured,
  LeadConverted,
  LeadScored,
  LeadAssigned,
  FormSubmitted,
  LeadsMerged,
  LeadStatusChanged,
  LeadUpdated,
  OpportunityCreated,
  OpportunityImported,
  OpportunityLost,
  OpportunityWon,
  PartnerLinkedToCustomer,
  PartnerUnlinkedFromCustomer,
  type CloudEvent,
  type EventContract,
  type PayloadOf,
} from '@crm/contracts';

/** One interaction with a customer, as the timeline shows it. */
export interface TimelineFact {
  customerId: string;
  /** Short and stable, e.g. CASE_OPENED. */
  type: string;
  /** The service the interaction happened in: sales, marketing, service or partners. */
  source: string;
  /** A sentence a person reads in the timeline. */
  summary: string;
}

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

type Describer = (data: never) => Omit<TimelineFact, 'source'> | null;

interface Entry {
  contract: EventContract;
  describe: Describer;
}

function on<C extends EventContract>(contract: C, describe: (data: PayloadOf<C>) => Omit<TimelineFact, 'source'> | null): [string, Entry] {
  return [contract.type, { contract, describe }];
}

const DESCRIBERS = new Map<string, Entry>([
  on(CustomerCreated, (d) => ({ customerId: d.customerId, type: 'CUSTOMER_CREATED', summary: `Customer ${d.name} created` })),
  on(CustomerUpdated, (d) => ({
    customerId: d.customerId,
    type: 'CUSTOMER_UPDATED',
    summary: d.changed.length ? `Customer ${d.name} updated (${d.changed.join(', ')})` : `Customer ${d.name} updated`,
  })),
  on(CustomerMerged, (d) => ({
    customerId: d.survivorId,
    type: 'CUSTOMER_MERGED',
    summary: `Customer ${d.mergedId} merged in (${count(d.moved.contactIds.length, 'contact')}, ${count(d.moved.opportunityIds.length, 'opportunity', 'opportunities')} moved)`,
  })),
  // At the time the deal moved (a history import's past time too): the timeline orders by the event's time.
  on(OpportunityCreated, (d) => ({
    customerId: d.customerId,
    type: 'OPPORTUNITY_OPENED',
    summary: `Opportunity ${d.name} opened (${d.amount.amount} ${d.amount.currency})`,
  })),
  on(OpportunityImported, (d) => ({
    customerId: d.customerId,
    type: 'OPPORTUNITY_IMPORTED',
    summary: `Opportunity ${d.name} imported (${d.status.toLowerCase()}, ${d.amount.amount} ${d.amount.currency})`,
  })),
  on(OpportunityWon, (d) => ({ customerId: d.customerId, type: 'OPPORTUNITY_WON', summary: `Opportunity ${d.name} won: ${d.reason}` })),
  on(OpportunityLost, (d) => ({ customerId: d.customerId, type: 'OPPORTUNITY_LOST', summary: `Opportunity ${d.name} lost: ${d.reason}` })),
  on(ContactAdded, (d) => ({ customerId: d.customerId, type: 'CONTACT_ADDED', summary: `Contact ${d.fullName} added` })),
  // A lead that is not (yet) a customer's is not an interaction with a customer.
  on(LeadCaptured, (d) =>
    d.customerId
      ? { customerId: d.customerId, type: 'LEAD_CAPTURED', summary: `Lead ${d.email} captured ${d.isNew ? '' : 'again '}from ${d.source}` }
      : null,
  ),
  on(LeadConverted, (d) => ({
    customerId: d.customerId,
    type: 'LEAD_CONVERTED',
    summary: d.opportunity
      ? `Lead ${d.contact.email} converted, with opportunity ${d.opportunity.name}`
      : `Lead ${d.contact.email} converted`,
  })),
  on(ConsentChanged, (d) =>
    d.customerId
      ? {
          customerId: d.customerId,
          type: d.status === 'GRANTED' ? 'CONSENT_GRANTED' : 'CONSENT_WITHDRAWN',
          summary: `${d.email} ${d.status === 'GRANTED' ? 'granted' : 'withdrew'} ${d.channel} consent (${d.source})`,
        }
      : null,
  ),
  // Only the member's moves a person made or saw (added, sent, opened...), and only for people with a customer.
  on(CampaignMemberChanged, (d) =>
    d.customerId
      ? {
          customerId: d.customerId,
          type: d.from === null ? 'CAMPAIGN_MEMBER_ADDED' : `CAMPAIGN_${d.to}`,
          summary: d.from === null ? `Added to campaign ${d.campaignName}` : `Campaign ${d.campaignName}: ${d.to.toLowerCase()}`,
        }
      : null,
  ),
  on(LeadUpdated, (d) =>
    d.customerId ? { customerId: d.customerId, type: 'LEAD_UPDATED', summary: `Lead ${d.email} updated (${d.changed.join(', ')})` } : null,
  ),
  on(LeadStatusChanged, (d) =>
    d.customerId
      ? {
          customerId: d.customerId,
          type: 'LEAD_STATUS_CHANGED',
          summary: `Lead ${d.email} moved from ${d.from} to ${d.to}${d.reason ? `: ${d.reason}` : ''}`,
        }
      : null,
  ),
  // FORM_SUBMITTED: a person of a known customer posted one of marketing's web forms.
  on(FormSubmitted, (d) =>
    d.customerId ? { customerId: d.customerId, type: 'FORM_SUBMITTED', summary: `Form "${d.formName}" submitted by ${d.email}` } : null,
  ),
  on(LeadsMerged, (d) =>
    d.customerId
      ? { customerId: d.customerId, type: 'LEAD_MERGED', summary: `Lead ${d.duplicateEmail} merged into lead ${d.email}` }
      : null,
  ),
  // marketing-routing.events
  on(LeadAssigned, (d) =>
    d.customerId ? { customerId: d.customerId, type: 'LEAD_ASSIGNED', summary: `Lead ${d.email} assigned to user ${d.ownerId}` } : null,
  ),
  // marketing-scoring.events
  on(LeadScored, (d) =>
    d.customerId
      ? {
          customerId: d.customerId,
          type: 'LEAD_SCORED',
          summary: `Lead ${d.email} scored ${d.score} (${d.score - d.previousScore >= 0 ? '+' : ''}${d.score - d.previousScore}, ${d.reason})${d.qualified ? ': marketing-qualified' : ''}`,
        }
      : null,
  ),
  on(CaseOpened, (d) => ({ customerId: d.customerId, type: 'CASE_OPENED', summary: `Case opened: ${d.subject} (${d.priority})` })),
  on(CaseStatusChanged, (d) => ({
    customerId: d.customerId,
    type: 'CASE_STATUS_CHANGED',
    summary: `Case "${d.subject}" moved from ${d.from} to ${d.to}`,
  })),
  on(CaseUpdated, (d) => ({
    customerId: d.customerId,
    type: 'CASE_UPDATED',
    summary:
      `Case "${d.subject}" updated (${d.changed.join(', ')})` +
      (d.firstResponseDueAt !== undefined || d.resolutionDueAt !== undefined
        ? `; now ${d.priority}: first response due ${d.firstResponseDueAt ?? 'never'}, resolution due ${d.resolutionDueAt ?? 'never'}`
        : ''),
  })),
  on(CaseAssigned, (d) => ({
    customerId: d.customerId,
    type: 'CASE_ASSIGNED',
    summary: d.assigneeId ? `Case "${d.subject}" assigned to ${d.assigneeId}` : `Case "${d.subject}" unassigned`,
  })),
  on(CaseReplied, (d) => ({
    customerId: d.customerId,
    type: d.internal ? 'CASE_NOTE_ADDED' : 'CASE_REPLIED',
    summary: d.internal ? `Internal note on case "${d.subject}"` : `Reply sent on case "${d.subject}"`,
  })),
  on(CasesRelated, (d) => ({
    customerId: d.customerId,
    type: 'CASE_RELATED',
    summary: `Case "${d.subject}" related to case ${d.relatedCaseId}`,
  })),
  on(CaseMerged, (d) => ({
    customerId: d.customerId,
    type: 'CASE_MERGED',
    summary: `Case "${d.duplicateSubject}" merged into case "${d.subject}"`,
  })),
  on(CaseSlaBreached, (d) => ({
    customerId: d.customerId,
    type: 'CASE_SLA_BREACHED',
    summary: `Case "${d.subject}" (${d.priority}) missed its ${d.target === 'FIRST_RESPONSE' ? 'first-response' : 'resolution'} target; escalated to level ${d.escalationLevel}`,
  })),
  on(CaseArticleLinked, (d) => ({
    customerId: d.customerId,
    type: 'CASE_ARTICLE_LINKED',
    summary: `Case "${d.subject}" solved with knowledge article "${d.articleTitle}"`,
  })),
  on(PartnerLinkedToCustomer, (d) => ({ customerId: d.customerId, type: 'PARTNER_LINKED', summary: `Partner ${d.partnerName} linked` })),
  on(PartnerUnlinkedFromCustomer, (d) => ({
    customerId: d.customerId,
    type: 'PARTNER_UNLINKED',
    summary: `Partner ${d.partnerName} unlinked`,
  })),
  // A registration names a customer only when the partner knew it; one for a new company is not on any timeline yet.
  on(DealRegistrationSubmitted, (d) =>
    d.customerId
      ? { customerId: d.customerId, type: 'DEAL_REGISTERED', summary: `Partner registered a deal: ${d.companyName} (${d.productInterest})` }
      : null,
  ),
  on(DealRegistrationApproved, (d) => ({
    customerId: d.customerId,
    type: 'DEAL_REGISTRATION_APPROVED',
    summary: `Deal registration approved: ${d.name}`,
  })),
  on(DealRegistrationExpired, (d) => ({
    customerId: d.customerId,
    type: 'DEAL_REGISTRATION_EXPIRED',
    summary: `Deal registration expired: ${d.companyName}, not won by its protection expiry`,
  })),
  on(CommissionAccrued, (d) => ({
    customerId: d.customerId,
    type: 'COMMISSION_ACCRUED',
    summary: `Partner commission accrued: ${d.amount.amount} ${d.amount.currency} (${d.ratePercent} % of ${d.base.amount})`,
  })),
  on(CommissionApproved, (d) => ({
    customerId: d.customerId,
    type: 'COMMISSION_APPROVED',
    summary: `Partner commission approved: ${d.amount.amount} ${d.amount.currency}`,
  })),
  on(CommissionPaid, (d) => ({
    customerId: d.customerId,
    type: 'COMMISSION_PAID',
    summary: `Partner commission paid: ${d.amount.amount} ${d.amount.currency}`,
  })),
  on(CommissionReversed, (d) => ({
    customerId: d.customerId,
    type: 'COMMISSION_REVERSED',
    summary: `Partner commission reversed (the deal was lost after it was won): ${d.amount.amount} ${d.amount.currency}`,
  })),
]);

/** The contracts the timeline is built from. */
export const TIMELINE_CONTRACTS: EventContract[] = [...DESCRIBERS.values()].map((d) => d.contract);

/** `crm.sales` → `sales`. */
export function sourceService(source: string): string {
  return source.startsWith('crm.') ? source.slice('crm.'.length) : source;
}

/**
 * What an event means for a customer's timeline, or null when it is not about a customer (or not
 * an event the timeline knows). `event.data` must already have passed its contract's schema.
 */
export function timelineFactOf(event: Pick<CloudEvent, 'type' | 'source' | 'data'>): TimelineFact | null {
  const describer = DESCRIBERS.get(event.type);
  if (!describer) return null;
  const fact = describer.describe(event.data as never);
  return fact && { ...fact, source: sourceService(describer.contract.source) };
}
