import {
  ActivityCompleted,
  ActivityCreated,
  ActivityDeleted,
  ActivityReopened,
  ActivityUpdated,
  AllEvents,
  CampaignCreated,
  CampaignCreatedV2,
  CampaignMemberChanged,
  CampaignUpdated,
  CampaignUpdatedV2,
  CaseArticleLinked,
  CaseAssigned,
  CaseEscalated,
  CaseMerged,
  CaseOpened,
  CaseReplied,
  CaseSatisfactionSubmitted,
  CaseSlaBreached,
  CasesRelated,
  CaseStatusChanged,
  CaseUpdated,
  CaseUpdatedV2,
  ChurnRiskCleared,
  ChurnRiskRaised,
  SegmentDefined,
  SegmentDeleted,
  SegmentMemberJoined,
  SegmentMemberLeft,
  CommissionAccrued,
  CommissionApproved,
  CommissionPaid,
  CommissionPlanCreated,
  CommissionReversed,
  ConsentChanged,
  ContactAdded,
  ContactDeleted,
  ContactUpdated,
  ContactUpdatedV2,
  CustomerCreated,
  CustomerDeleted,
  CustomerFollowUpScheduled,
  CustomerMerged,
  CustomerRestored,
  CustomerUpdated,
  CustomerUpdatedV2,
  DealRegistrationApproved,
  DealRegistrationExpired,
  DealRegistrationRejected,
  DealRegistrationStatusChanged,
  DealRegistrationSubmitted,
  EmailClicked,
  EmailOpened,
  EmailSent,
  LeadScored,
  LeadAssigned,
  FormSubmitted,
  KnowledgeArticleArchived,
  KnowledgeArticlePublished,
  LeadCaptured,
  LeadOfferAccepted,
  LeadOfferDeclined,
  LeadOffered,
  LeadOfferExpired,
  LeadRoutedToPartners,
  LeadConverted,
  LeadDistributionRuleActiveChanged,
  LeadDistributionRuleCreated,
  LeadFollowUpScheduled,
  LeadsMerged,
  LeadStatusChanged,
  LeadUpdated,
  LeadUpdatedV2,
  LoyaltyPointsChanged,
  LoyaltyTierChanged,
  NoteCreated,
  NoteDeleted,
  NoteUpdated,
  OpportunityCreated,
  OpportunityImported,
  OpportunityLost,
  OpportunityStageChanged,
  OpportunityUpdated,
  OpportunityUpdatedV2,
  OpportunityWon,
  PartnerCreated,
  PartnerLinkedToCustomer,
  PartnerStatusChanged,
  PartnerUnlinkedFromCustomer,
  PartnerUpdated,
  PartnerUpdatedV2,
  PartnerUserAdded,
  PartnerUserRemoved,
  QuoteCreated,
  QuoteStatusChanged,
  ReturnRequested,
  ReturnStatusChanged,
  TeamCreated,
  TeamDeleted,
  TeamMembersChanged,
  TeamUpdated,
  UserActiveChanged,
  UserCreated,
  UserUpdated,
  WebhookDeliveryAttempted,
  WebhookEndpointEnabledChanged,
  WebhookEndpointFailing,
  WebhookEndpointRegistered,
  type CloudEvent,
  type EventContract,
  type PayloadOf,
} from '@crm/contracts';

/** What a console opens for an entry: a GraphQL type of the graph and its id. */
export interface LinkTarget {
  type: string;
  id: string;
}

/** One event as a person reads it, whether or not it is about a customer. */
export interface EventDescription {
  /** The customer it was with; null for events about no customer (a user, a campaign, a lead of nobody's). */
  customerId: string | null;
  /** Short and stable, e.g. CASE_OPENED. */
  type: string;
  /** A sentence a person reads in the timeline. */
  summary: string;
  link: LinkTarget;
}

/** One interaction with a customer, as the timeline shows it. */
export interface TimelineFact extends EventDescription {
  customerId: string;
  /** The service the interaction happened in: sales, marketing, service or partners. */
  source: string;
}

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const link = (type: string, id: string): LinkTarget => ({ type, id });
const money = (m: { amount: string; currency: string }): string => `${m.amount} ${m.currency}`;

type Describer = (data: never) => EventDescription;

interface Entry {
  contract: EventContract;
  describe: Describer;
}

function on<C extends EventContract>(contract: C, describe: (data: PayloadOf<C>) => EventDescription): [string, Entry] {
  return [contract.type, { contract, describe }];
}

type NotePayload = Pick<PayloadOf<typeof NoteCreated>, 'recordType' | 'recordId' | 'customerId' | 'mentionedUserIds' | 'mentionedTeamIds'>;
/** The graph type of the record a note is on (CONTACT → Contact): the link opens that record. */
const noteRecordType = (d: NotePayload): string => d.recordType.charAt(0) + d.recordType.slice(1).toLowerCase();
const noteRecord = (d: NotePayload): string => d.recordType.toLowerCase();
const noteMentions = (d: NotePayload): string => {
  const told = [count(d.mentionedUserIds.length, 'user'), count(d.mentionedTeamIds.length, 'team')].filter((s) => !s.startsWith('0 '));
  return told.length ? `, mentioning ${told.join(' and ')}` : '';
};
/** Both versions of a customer's update read alike: v2 adds the values. */
const customerUpdated = (customerId: string, name: string, changed: string[]): EventDescription => ({
  customerId,
  type: 'CUSTOMER_UPDATED',
  summary: changed.length ? `Customer ${name} updated (${changed.join(', ')})` : `Customer ${name} updated`,
  link: link('Customer', customerId),
});
// v2 of an update reads as v1 does: it carries v1's fields and adds the values.
const contactUpdated = (d: PayloadOf<typeof ContactUpdated>): EventDescription => ({
  customerId: d.customerId,
  type: 'CONTACT_UPDATED',
  summary: `Contact ${d.fullName} updated (${d.changed.join(', ')})`,
  link: link('Contact', d.contactId),
});
const caseUpdated = (d: PayloadOf<typeof CaseUpdated>): EventDescription => ({
  customerId: d.customerId,
  type: 'CASE_UPDATED',
  summary:
    `Case "${d.subject}" updated (${d.changed.join(', ')})` +
    (d.firstResponseDueAt !== undefined || d.resolutionDueAt !== undefined
      ? `; now ${d.priority}: first response due ${d.firstResponseDueAt ?? 'never'}, resolution due ${d.resolutionDueAt ?? 'never'}`
      : ''),
  link: link('Case', d.caseId),
});

const opportunityUpdated = (d: PayloadOf<typeof OpportunityUpdated>): EventDescription => ({
  customerId: d.customerId,
  type: 'OPPORTUNITY_UPDATED',
  summary: `Opportunity ${d.name} updated (${d.changed.join(', ')}); now ${money(d.amount)}, closing ${d.closeDate}`,
  link: link('Opportunity', d.opportunityId),
});
/** Both versions of a campaign's creation read alike: v2 adds its budget and cost. */
const campaignCreated = (d: PayloadOf<typeof CampaignCreated>): EventDescription => ({
  customerId: null,
  type: 'CAMPAIGN_CREATED',
  summary: `Campaign ${d.name} created (${d.campaignType}, ${d.status})`,
  link: link('Campaign', d.campaignId),
});
/** v1 of a campaign's update does not carry its name; v2 does. */
const campaignUpdated = (d: PayloadOf<typeof CampaignUpdated>, what: string): EventDescription => ({
  customerId: null,
  type: 'CAMPAIGN_UPDATED',
  summary: `${what} updated (${d.changed.join(', ')}); now ${d.status}`,
  link: link('Campaign', d.campaignId),
});
/** A lead offer's line: about the lead, on its customer's timeline when marketing knew one. */
const leadFact = (d: { leadId: string; customerId: string | null }, type: string, summary: string): EventDescription => ({
  customerId: d.customerId,
  type,
  summary,
  link: link('Lead', d.leadId),
});
/** Both versions of a lead's update read alike: v2 adds the values and who made the change. */
const leadUpdated = (d: PayloadOf<typeof LeadUpdated>): EventDescription => ({
  customerId: d.customerId,
  type: 'LEAD_UPDATED',
  summary: `Lead ${d.email} updated (${d.changed.join(', ')})`,
  link: link('Lead', d.leadId),
});
/** Both versions of a partner's update read alike: v2 adds the values and who made the change. */
const partnerUpdated = (partnerId: string, name: string, changed: string[]): EventDescription => ({
  customerId: null,
  type: 'PARTNER_UPDATED',
  summary: `Partner ${name} updated (${changed.join(', ')})`,
  link: link('Partner', partnerId),
});
const noteFact = (d: NotePayload, type: string, summary: string): EventDescription => ({
  customerId: d.customerId,
  type,
  summary,
  link: link(noteRecordType(d), d.recordId),
});

type ChurnPayload = PayloadOf<typeof ChurnRiskRaised>;
const churnFact = (d: ChurnPayload, type: string, summary: string): EventDescription => ({
  customerId: d.customerId,
  type,
  summary: d.reasons[0] && d.reasons[0].contribution !== '0.0000' ? `${summary}: ${d.reasons[0].detail}` : summary,
  link: link('Customer', d.customerId),
});

/** A segment's line: about the segment, on a customer's timeline when it joined or left. */
const segmentFact = (d: { segmentId: string }, customerId: string | null, type: string, summary: string): EventDescription => ({
  customerId,
  type,
  summary,
  link: link('Segment', d.segmentId),
});

// One line per event type, grouped by contract file. Every contract in AllEvents has one: a spec fails otherwise.
const DESCRIBERS = new Map<string, Entry>([
  // sales: customers and contacts
  on(CustomerCreated, (d) => ({
    customerId: d.customerId,
    type: 'CUSTOMER_CREATED',
    summary: `Customer ${d.name} created`,
    link: link('Customer', d.customerId),
  })),
  on(CustomerUpdated, (d) => customerUpdated(d.customerId, d.name, d.changed)),
  on(CustomerUpdatedV2, (d) =>
    customerUpdated(
      d.customerId,
      d.customer.name,
      d.changes.map((c) => c.field),
    ),
  ),
  on(CustomerDeleted, (d) => ({
    customerId: d.customerId,
    type: 'CUSTOMER_DELETED',
    summary: 'Customer deleted',
    link: link('Customer', d.customerId),
  })),
  on(CustomerRestored, (d) => ({
    customerId: d.customerId,
    type: 'CUSTOMER_RESTORED',
    summary: 'Customer restored',
    link: link('Customer', d.customerId),
  })),
  on(CustomerMerged, (d) => ({
    customerId: d.survivorId,
    type: 'CUSTOMER_MERGED',
    summary: `Customer ${d.mergedId} merged in (${count(d.moved.contactIds.length, 'contact')}, ${count(d.moved.opportunityIds.length, 'opportunity', 'opportunities')} moved)`,
    link: link('Customer', d.survivorId),
  })),
  on(ContactAdded, (d) => ({
    customerId: d.customerId,
    type: 'CONTACT_ADDED',
    summary: `Contact ${d.fullName} added`,
    link: link('Contact', d.contactId),
  })),
  on(ContactUpdated, contactUpdated),
  on(ContactUpdatedV2, contactUpdated),
  on(ContactDeleted, (d) => ({
    customerId: d.customerId,
    type: 'CONTACT_DELETED',
    summary: 'Contact deleted',
    link: link('Customer', d.customerId),
  })),
  // sales: opportunities, at the time the deal moved (a history import's past time too): the timeline orders by the event's time.
  on(OpportunityCreated, (d) => ({
    customerId: d.customerId,
    type: 'OPPORTUNITY_OPENED',
    summary: `Opportunity ${d.name} opened (${money(d.amount)})`,
    link: link('Opportunity', d.opportunityId),
  })),
  on(OpportunityImported, (d) => ({
    customerId: d.customerId,
    type: 'OPPORTUNITY_IMPORTED',
    summary: `Opportunity ${d.name} imported (${d.status.toLowerCase()}, ${money(d.amount)})`,
    link: link('Opportunity', d.opportunityId),
  })),
  on(OpportunityUpdated, opportunityUpdated),
  on(OpportunityUpdatedV2, opportunityUpdated),
  on(OpportunityStageChanged, (d) => ({
    customerId: d.customerId,
    type: 'OPPORTUNITY_STAGE_CHANGED',
    summary: `Opportunity ${d.name} moved to another stage (${money(d.amount)})`,
    link: link('Opportunity', d.opportunityId),
  })),
  on(OpportunityWon, (d) => ({
    customerId: d.customerId,
    type: 'OPPORTUNITY_WON',
    summary: `Opportunity ${d.name} won: ${d.reason}`,
    link: link('Opportunity', d.opportunityId),
  })),
  on(OpportunityLost, (d) => ({
    customerId: d.customerId,
    type: 'OPPORTUNITY_LOST',
    summary: `Opportunity ${d.name} lost: ${d.reason}`,
    link: link('Opportunity', d.opportunityId),
  })),
  on(QuoteCreated, (d) => ({
    customerId: d.customerId,
    type: 'QUOTE_CREATED',
    summary: `Quote v${d.version} created: ${money(d.total)} (${count(d.lineCount, 'line')})`,
    link: link('Quote', d.quoteId),
  })),
  on(QuoteStatusChanged, (d) => ({
    customerId: d.customerId,
    type: `QUOTE_${d.status}`,
    summary: `Quote v${d.version} (${money(d.total)}) moved from ${d.from} to ${d.status}`,
    link: link('Quote', d.quoteId),
  })),
  // sales: activities
  on(ActivityCreated, (d) => ({
    customerId: d.customerId,
    type: 'ACTIVITY_CREATED',
    summary: `${d.automated ? 'Automatic ' : ''}${d.type.toLowerCase()} planned: ${d.subject}`,
    link: link('Activity', d.activityId),
  })),
  on(ActivityUpdated, (d) => ({
    customerId: d.customerId,
    type: 'ACTIVITY_UPDATED',
    summary: `${d.type[0]}${d.type.slice(1).toLowerCase()} "${d.subject}" updated (${d.changed.join(', ')})`,
    link: link('Activity', d.activityId),
  })),
  on(ActivityCompleted, (d) => ({
    customerId: d.customerId,
    type: `${d.type}_COMPLETED`,
    summary: `${d.type[0]}${d.type.slice(1).toLowerCase()} done: ${d.subject}`,
    link: link('Activity', d.activityId),
  })),
  on(ActivityReopened, (d) => ({
    customerId: d.customerId,
    type: 'ACTIVITY_REOPENED',
    summary: `${d.type[0]}${d.type.slice(1).toLowerCase()} "${d.subject}" reopened`,
    link: link('Activity', d.activityId),
  })),
  on(ActivityDeleted, (d) => ({
    customerId: d.customerId,
    type: 'ACTIVITY_DELETED',
    summary: 'Activity deleted',
    link: link('Customer', d.customerId),
  })),
  on(CustomerFollowUpScheduled, (d) => ({
    customerId: d.customerId,
    type: 'FOLLOW_UP_SCHEDULED',
    summary: d.lastTouchedAt
      ? `Follow-up scheduled: untouched for ${count(d.staleDays, 'day')} since ${d.lastTouchedAt.slice(0, 10)}`
      : `Follow-up scheduled: never touched (tier ${d.tier})`,
    link: link('Activity', d.activityId),
  })),
  on(LeadFollowUpScheduled, (d) => ({
    customerId: d.customerId,
    type: 'LEAD_FOLLOW_UP_SCHEDULED',
    summary: `Follow-up of lead ${d.leadName} scheduled for user ${d.ownerId}, due ${d.dueAt.slice(0, 10)}`,
    link: link('Activity', d.activityId),
  })),
  // sales: users and teams, about no customer
  on(UserCreated, (d) => ({ customerId: null, type: 'USER_CREATED', summary: `User ${d.name} created`, link: link('User', d.userId) })),
  on(UserUpdated, (d) => ({
    customerId: null,
    type: 'USER_UPDATED',
    summary: `User ${d.name} updated (${d.changed.join(', ')})`,
    link: link('User', d.userId),
  })),
  on(UserActiveChanged, (d) => ({
    customerId: null,
    type: d.active ? 'USER_ACTIVATED' : 'USER_DEACTIVATED',
    summary: d.active ? 'User activated' : 'User deactivated',
    link: link('User', d.userId),
  })),
  on(TeamCreated, (d) => ({ customerId: null, type: 'TEAM_CREATED', summary: `Team ${d.name} created`, link: link('Team', d.teamId) })),
  on(TeamUpdated, (d) => ({
    customerId: null,
    type: 'TEAM_UPDATED',
    summary: `Team ${d.name} updated (${d.changed.join(', ')})`,
    link: link('Team', d.teamId),
  })),
  on(TeamMembersChanged, (d) => ({
    customerId: null,
    type: 'TEAM_MEMBERS_CHANGED',
    summary: `Team members changed: ${d.added.length} added, ${d.removed.length} removed, ${count(d.memberIds.length, 'member')} now`,
    link: link('Team', d.teamId),
  })),
  on(TeamDeleted, (d) => ({ customerId: null, type: 'TEAM_DELETED', summary: 'Team deleted', link: link('Team', d.teamId) })),
  // sales: webhook endpoints, about no customer
  on(WebhookEndpointRegistered, (d) => ({
    customerId: null,
    type: 'WEBHOOK_ENDPOINT_REGISTERED',
    summary: `Webhook endpoint ${d.url} registered for ${count(d.eventTypes.length, 'event type')}`,
    link: link('WebhookEndpoint', d.endpointId),
  })),
  on(WebhookEndpointEnabledChanged, (d) => ({
    customerId: null,
    type: d.enabled ? 'WEBHOOK_ENDPOINT_ENABLED' : 'WEBHOOK_ENDPOINT_DISABLED',
    summary: `Webhook endpoint ${d.url} ${d.enabled ? 'enabled' : 'disabled'}`,
    link: link('WebhookEndpoint', d.endpointId),
  })),
  // webhooks (the worker): deliveries, about no customer
  on(WebhookDeliveryAttempted, (d) => ({
    customerId: null,
    type: `WEBHOOK_${d.outcome}`,
    summary: `Webhook ${d.eventType} attempt ${d.attempt}: ${d.error ?? 'delivered'}`,
    link: link('WebhookEndpoint', d.endpointId),
  })),
  on(WebhookEndpointFailing, (d) => ({
    customerId: null,
    type: 'WEBHOOK_ENDPOINT_FAILING',
    summary: `Webhook endpoint disabled after ${count(d.consecutiveFailures, 'failed attempt')} in a row: ${d.lastError}`,
    link: link('WebhookEndpoint', d.endpointId),
  })),
  // marketing: leads; a lead that is not (yet) a customer's is no interaction with a customer (customerId null)
  on(LeadCaptured, (d) => ({
    customerId: d.customerId,
    type: 'LEAD_CAPTURED',
    summary: `Lead ${d.email} captured ${d.isNew ? '' : 'again '}from ${d.source}`,
    link: link('Lead', d.leadId),
  })),
  on(LeadConverted, (d) => ({
    customerId: d.customerId,
    type: 'LEAD_CONVERTED',
    summary: d.opportunity
      ? `Lead ${d.contact.email} converted, with opportunity ${d.opportunity.name}`
      : `Lead ${d.contact.email} converted`,
    link: link('Lead', d.leadId),
  })),
  on(LeadUpdated, leadUpdated),
  on(LeadUpdatedV2, leadUpdated),
  on(LeadStatusChanged, (d) => ({
    customerId: d.customerId,
    type: 'LEAD_STATUS_CHANGED',
    summary: `Lead ${d.email} moved from ${d.from} to ${d.to}${d.reason ? `: ${d.reason}` : ''}`,
    link: link('Lead', d.leadId),
  })),
  // FORM_SUBMITTED: a person posted one of marketing's web forms.
  on(FormSubmitted, (d) => ({
    customerId: d.customerId,
    type: 'FORM_SUBMITTED',
    summary: `Form "${d.formName}" submitted by ${d.email}`,
    link: link('FormSubmission', d.submissionId),
  })),
  on(LeadsMerged, (d) => ({
    customerId: d.customerId,
    type: 'LEAD_MERGED',
    summary: `Lead ${d.duplicateEmail} merged into lead ${d.email}`,
    link: link('Lead', d.leadId),
  })),
  // marketing: consent, campaigns and email
  on(ConsentChanged, (d) => ({
    customerId: d.customerId,
    type: d.status === 'GRANTED' ? 'CONSENT_GRANTED' : 'CONSENT_WITHDRAWN',
    summary: `${d.email} ${d.status === 'GRANTED' ? 'granted' : 'withdrew'} ${d.channel} consent (${d.source})`,
    link: link(d.personKind === 'LEAD' ? 'Lead' : 'Contact', d.personId),
  })),
  on(CampaignCreated, campaignCreated),
  on(CampaignCreatedV2, campaignCreated),
  on(CampaignUpdated, (d) => campaignUpdated(d, 'Campaign')),
  on(CampaignUpdatedV2, (d) => campaignUpdated(d, `Campaign ${d.name}`)),
  // The member's moves a person made or saw (added, sent, opened...).
  on(CampaignMemberChanged, (d) => ({
    customerId: d.customerId,
    type: d.from === null ? 'CAMPAIGN_MEMBER_ADDED' : `CAMPAIGN_${d.to}`,
    summary: d.from === null ? `Added to campaign ${d.campaignName}` : `Campaign ${d.campaignName}: ${d.to.toLowerCase()}`,
    link: link('Campaign', d.campaignId),
  })),
  on(EmailSent, (d) => ({
    customerId: d.customerId,
    type: 'EMAIL_SENT',
    summary: `Email sent to ${d.email}`,
    link: link('EmailSend', d.messageId),
  })),
  on(EmailOpened, (d) => ({
    customerId: d.customerId,
    type: 'EMAIL_OPENED',
    summary: `Email opened by ${d.email}`,
    link: link('EmailSend', d.messageId),
  })),
  on(EmailClicked, (d) => ({
    customerId: d.customerId,
    type: 'EMAIL_CLICKED',
    summary: `${d.email} clicked ${d.url}`,
    link: link('EmailSend', d.messageId),
  })),
  // service: cases and knowledge
  on(CaseOpened, (d) => ({
    customerId: d.customerId,
    type: 'CASE_OPENED',
    summary: `Case opened: ${d.subject} (${d.priority})`,
    link: link('Case', d.caseId),
  })),
  // marketing-routing.events
  on(LeadAssigned, (d) => ({
    customerId: d.customerId,
    type: 'LEAD_ASSIGNED',
    summary: `Lead ${d.email} assigned to user ${d.ownerId}`,
    link: link('Lead', d.leadId),
  })),
  // marketing-scoring.events
  on(LeadScored, (d) => ({
    customerId: d.customerId,
    type: 'LEAD_SCORED',
    summary: `Lead ${d.email} scored ${d.score} (${d.score - d.previousScore >= 0 ? '+' : ''}${d.score - d.previousScore}, ${d.reason})${d.qualified ? ': marketing-qualified' : ''}`,
    link: link('Lead', d.leadId),
  })),
  // marketing-loyalty.events
  on(LoyaltyPointsChanged, (d) => ({
    customerId: d.customerId,
    type: 'LOYALTY_POINTS_CHANGED',
    summary: `${d.points >= 0 ? '+' : ''}${count(d.points, 'loyalty point')} (${d.kind.toLowerCase().replace('_', ' ')}${d.reason ? `: ${d.reason}` : ''}), balance ${d.balance}`,
    link: link('Customer', d.customerId),
  })),
  on(LoyaltyTierChanged, (d) => ({
    customerId: d.customerId,
    type: 'LOYALTY_TIER_CHANGED',
    summary: `Loyalty tier ${d.from ?? 'none'} → ${d.to ?? 'none'} (${count(d.periodPoints, 'point')} in the period)`,
    link: link('Customer', d.customerId),
  })),
  on(CaseStatusChanged, (d) => ({
    customerId: d.customerId,
    type: 'CASE_STATUS_CHANGED',
    summary: `Case "${d.subject}" moved from ${d.from} to ${d.to}`,
    link: link('Case', d.caseId),
  })),
  on(CaseUpdated, caseUpdated),
  on(CaseUpdatedV2, caseUpdated),
  on(CaseAssigned, (d) => ({
    customerId: d.customerId,
    type: 'CASE_ASSIGNED',
    summary: d.assigneeId ? `Case "${d.subject}" assigned to ${d.assigneeId}` : `Case "${d.subject}" unassigned`,
    link: link('Case', d.caseId),
  })),
  on(CaseReplied, (d) => ({
    customerId: d.customerId,
    type: d.internal ? 'CASE_NOTE_ADDED' : 'CASE_REPLIED',
    summary: d.internal ? `Internal note on case "${d.subject}"` : `Reply sent on case "${d.subject}"`,
    link: link('Case', d.caseId),
  })),
  on(CasesRelated, (d) => ({
    customerId: d.customerId,
    type: 'CASE_RELATED',
    summary: `Case "${d.subject}" related to case ${d.relatedCaseId}`,
    link: link('Case', d.caseId),
  })),
  on(CaseMerged, (d) => ({
    customerId: d.customerId,
    type: 'CASE_MERGED',
    summary: `Case "${d.duplicateSubject}" merged into case "${d.subject}"`,
    link: link('Case', d.caseId),
  })),
  on(CaseSlaBreached, (d) => ({
    customerId: d.customerId,
    type: 'CASE_SLA_BREACHED',
    summary: `Case "${d.subject}" (${d.priority}) missed its ${d.target === 'FIRST_RESPONSE' ? 'first-response' : 'resolution'} target; escalated to level ${d.escalationLevel}`,
    link: link('Case', d.caseId),
  })),
  on(CaseEscalated, (d) => ({
    customerId: d.customerId,
    type: 'CASE_ESCALATED',
    summary: `Case "${d.subject}" (${d.priority}) escalated to level ${d.escalationLevel}${d.queueName ? ` in queue ${d.queueName}` : ''}`,
    link: link('Case', d.caseId),
  })),
  on(CaseArticleLinked, (d) => ({
    customerId: d.customerId,
    type: 'CASE_ARTICLE_LINKED',
    summary: `Case "${d.subject}" solved with knowledge article "${d.articleTitle}"`,
    link: link('Case', d.caseId),
  })),
  // service: returns (service-return.events)
  on(ReturnRequested, (d) => ({
    customerId: d.customerId,
    type: 'RETURN_REQUESTED',
    summary: `Return requested on case "${d.caseSubject}": ${count(
      d.items.reduce((n, i) => n + i.quantity, 0),
      'item',
    )} of ${count(d.productIds.length, 'product')}`,
    link: link('Case', d.caseId),
  })),
  on(ReturnStatusChanged, (d) => ({
    customerId: d.customerId,
    type: `RETURN_${d.to}`,
    summary:
      `Return on case "${d.caseSubject}" moved from ${d.from} to ${d.to}` +
      (d.refund ? `: ${money(d.refund)} refunded` : '') +
      (d.reason ? `: ${d.reason}` : ''),
    link: link('Case', d.caseId),
  })),
  on(KnowledgeArticlePublished, (d) => ({
    customerId: null,
    type: 'ARTICLE_PUBLISHED',
    summary: `Knowledge article "${d.title}" v${d.version} published (${d.visibility.toLowerCase()})`,
    link: link('KnowledgeArticle', d.articleId),
  })),
  on(KnowledgeArticleArchived, (d) => ({
    customerId: null,
    type: 'ARTICLE_ARCHIVED',
    summary: `Knowledge article "${d.title}" archived`,
    link: link('KnowledgeArticle', d.articleId),
  })),
  // partners: partners and their customers
  on(PartnerCreated, (d) => ({
    customerId: null,
    type: 'PARTNER_CREATED',
    summary: `Partner ${d.name} created`,
    link: link('Partner', d.partnerId),
  })),
  on(PartnerUpdated, (d) => partnerUpdated(d.partnerId, d.name, d.changed)),
  on(PartnerUpdatedV2, (d) =>
    partnerUpdated(
      d.partnerId,
      d.name,
      d.changes.map((c) => c.field),
    ),
  ),
  on(PartnerStatusChanged, (d) => ({
    customerId: null,
    type: 'PARTNER_STATUS_CHANGED',
    summary: `Partner moved from ${d.from} to ${d.to}`,
    link: link('Partner', d.partnerId),
  })),
  on(PartnerUserAdded, (d) => ({
    customerId: null,
    type: 'PARTNER_USER_ADDED',
    summary: `Partner user ${d.name} <${d.email}> added`,
    link: link('Partner', d.partnerId),
  })),
  on(PartnerUserRemoved, (d) => ({
    customerId: null,
    type: 'PARTNER_USER_REMOVED',
    summary: 'Partner user removed',
    link: link('Partner', d.partnerId),
  })),
  on(PartnerLinkedToCustomer, (d) => ({
    customerId: d.customerId,
    type: 'PARTNER_LINKED',
    summary: `Partner ${d.partnerName} linked`,
    link: link('Partner', d.partnerId),
  })),
  on(CaseSatisfactionSubmitted, (d) => ({
    customerId: d.customerId,
    type: 'CASE_CSAT_SUBMITTED',
    summary: `Case "${d.subject}" rated ${d.score}/5 by the customer${d.hasComment ? ', with a comment' : ''}`,
    link: link('Case', d.caseId),
  })),
  on(PartnerUnlinkedFromCustomer, (d) => ({
    customerId: d.customerId,
    type: 'PARTNER_UNLINKED',
    summary: `Partner ${d.partnerName} unlinked`,
    link: link('Partner', d.partnerId),
  })),
  // partners: deal registrations; one names a customer only when the partner knew it
  on(DealRegistrationSubmitted, (d) => ({
    customerId: d.customerId,
    type: 'DEAL_REGISTERED',
    summary: `Partner registered a deal: ${d.companyName} (${d.productInterest})`,
    link: link('DealRegistration', d.registrationId),
  })),
  on(DealRegistrationApproved, (d) => ({
    customerId: d.customerId,
    type: 'DEAL_REGISTRATION_APPROVED',
    summary: `Deal registration approved: ${d.name}`,
    link: link('DealRegistration', d.registrationId),
  })),
  on(DealRegistrationRejected, (d) => ({
    customerId: null,
    type: 'DEAL_REGISTRATION_REJECTED',
    summary: `Deal registration rejected: ${d.reason}`,
    link: link('DealRegistration', d.registrationId),
  })),
  on(DealRegistrationExpired, (d) => ({
    customerId: d.customerId,
    type: 'DEAL_REGISTRATION_EXPIRED',
    summary: `Deal registration expired: ${d.companyName}, not won by its protection expiry`,
    link: link('DealRegistration', d.registrationId),
  })),
  on(DealRegistrationStatusChanged, (d) => ({
    customerId: d.customerId,
    type: 'DEAL_REGISTRATION_STATUS_CHANGED',
    summary: `Deal registration ${d.companyName} moved from ${d.from} to ${d.to} with its opportunity`,
    link: link('DealRegistration', d.registrationId),
  })),
  // partners: commissions
  on(CommissionPlanCreated, (d) => ({
    customerId: null,
    type: 'COMMISSION_PLAN_CREATED',
    summary: `Commission plan ${d.name} created (${count(d.rates.length, 'rate')})`,
    link: link('CommissionPlan', d.planId),
  })),
  on(CommissionAccrued, (d) => ({
    customerId: d.customerId,
    type: 'COMMISSION_ACCRUED',
    summary: `Partner commission accrued: ${money(d.amount)} (${d.ratePercent} % of ${d.base.amount})`,
    link: link('Commission', d.commissionId),
  })),
  on(CommissionApproved, (d) => ({
    customerId: d.customerId,
    type: 'COMMISSION_APPROVED',
    summary: `Partner commission approved: ${money(d.amount)}`,
    link: link('Commission', d.commissionId),
  })),
  on(CommissionPaid, (d) => ({
    customerId: d.customerId,
    type: 'COMMISSION_PAID',
    summary: `Partner commission paid: ${money(d.amount)}`,
    link: link('Commission', d.commissionId),
  })),
  on(CommissionReversed, (d) => ({
    customerId: d.customerId,
    type: 'COMMISSION_REVERSED',
    summary: `Partner commission reversed (the deal was lost after it was won): ${money(d.amount)}`,
    link: link('Commission', d.commissionId),
  })),
  // Notes (sales-note.events): on a record with a customer; the body stays in sales, the timeline says where and whom it told.
  on(NoteCreated, (d) => noteFact(d, 'NOTE_ADDED', `Note added on the ${noteRecord(d)}${noteMentions(d)}`)),
  on(NoteUpdated, (d) => noteFact(d, 'NOTE_EDITED', `Note on the ${noteRecord(d)} edited (version ${d.version})`)),
  on(NoteDeleted, (d) => noteFact(d, 'NOTE_DELETED', `Note on the ${noteRecord(d)} deleted`)),
  // Lead distribution: on a timeline only when marketing knew the lead's customer.
  on(LeadRoutedToPartners, (d) => ({
    customerId: d.customerId,
    type: 'LEAD_ROUTED_TO_PARTNERS',
    summary: `Lead${d.company ? ` from ${d.company}` : ''} routed to partners`,
    link: link('Lead', d.leadId),
  })),
  on(LeadOffered, (d) => leadFact(d, 'LEAD_OFFERED', 'Lead offered to a partner')),
  on(LeadOfferAccepted, (d) => leadFact(d, 'LEAD_OFFER_ACCEPTED', 'Lead accepted by a partner')),
  on(LeadOfferDeclined, (d) => leadFact(d, 'LEAD_OFFER_DECLINED', 'Lead declined by a partner; offered to the next')),
  on(LeadOfferExpired, (d) => leadFact(d, 'LEAD_OFFER_EXPIRED', 'Lead offer expired unanswered; offered to the next partner')),
  on(LeadDistributionRuleCreated, (d) => ({
    customerId: null,
    type: 'LEAD_DISTRIBUTION_RULE_CREATED',
    summary: `Lead distribution rule ${d.name} created (priority ${d.priority}, up to ${d.capacity} leads a partner)`,
    link: link('LeadDistributionRule', d.ruleId),
  })),
  on(LeadDistributionRuleActiveChanged, (d) => ({
    customerId: null,
    type: 'LEAD_DISTRIBUTION_RULE_ACTIVE_CHANGED',
    summary: `Lead distribution rule ${d.name} turned ${d.active ? 'on' : 'off'}`,
    link: link('LeadDistributionRule', d.ruleId),
  })),
  // analytics: churn risk (analytics-churn-risk.events), with the strongest reason
  on(ChurnRiskRaised, (d) => churnFact(d, 'CHURN_RISK_RAISED', `Churn risk ${d.score} reached the threshold ${d.threshold}`)),
  on(ChurnRiskCleared, (d) => churnFact(d, 'CHURN_RISK_CLEARED', `Churn risk ${d.score} fell below the threshold ${d.threshold}`)),
  // analytics: segments (analytics-segments.events); definitions are about no customer
  on(SegmentDefined, (d) => segmentFact(d, null, 'SEGMENT_DEFINED', `Segment ${d.name} defined`)),
  on(SegmentDeleted, (d) => segmentFact(d, null, 'SEGMENT_DELETED', 'Segment deleted')),
  on(SegmentMemberJoined, (d) => segmentFact(d, d.customerId, 'SEGMENT_JOINED', `Joined the segment ${d.segmentName}`)),
  on(SegmentMemberLeft, (d) => segmentFact(d, d.customerId, 'SEGMENT_LEFT', `Left the segment ${d.segmentName}`)),
]);

/** The contracts analytics describes: every one in AllEvents (a spec holds it to that). */
export const TIMELINE_CONTRACTS: EventContract[] = [...DESCRIBERS.values()].map((d) => d.contract);

/** The contracts of AllEvents nobody described yet: empty, or the describing spec fails. */
export const undescribedContracts = (): EventContract[] => AllEvents.filter((c) => !DESCRIBERS.has(c.type));

/** `crm.sales` → `sales`. */
export function sourceService(source: string): string {
  return source.startsWith('crm.') ? source.slice('crm.'.length) : source;
}

/**
 * What an event means for a person: its summary and the record it opens, or null for a type
 * analytics does not know. `event.data` must already have passed its contract's schema.
 */
export function describeEvent(event: Pick<CloudEvent, 'type' | 'data'>): (EventDescription & { source: string }) | null {
  const describer = DESCRIBERS.get(event.type);
  if (!describer) return null;
  // The one cast, kept on purpose. The table holds describers of over a hundred payload types, looked up by
  // a type string known only at run time, and TypeScript has no way to say "the payload of this
  // entry's contract" across that lookup. A cast-free dispatch would re-parse `data` with the
  // entry's schema here: a second zod parse of every event in the busiest consumer, whose
  // `on(contract, ...)` (libs/events) has just parsed it. Callers pass parsed data (see above).
  return { ...describer.describe(event.data as never), source: sourceService(describer.contract.source) };
}

/** What an event means for a customer's timeline, or null when it is not about a customer (or not an event analytics knows). */
export function timelineFactOf(event: Pick<CloudEvent, 'type' | 'source' | 'data'>): TimelineFact | null {
  const described = describeEvent(event);
  return described?.customerId ? { ...described, customerId: described.customerId } : null;
}
