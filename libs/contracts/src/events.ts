import { z } from 'zod';
import { ChurnRiskEvents } from './analytics-churn-risk.events';
import { SegmentEvents } from './analytics-segments.events';
import { defineEvent, type EventContract } from './cloud-event';
import { LeadConversionEvents } from './lead-conversion.events';
import {
  CampaignCreated,
  CampaignCreatedV2,
  CampaignUpdated,
  CampaignUpdatedV2,
  MarketingCampaignEvents,
} from './marketing-campaign.events';
import { MarketingConsentEvents } from './marketing-consent.events';
import { MarketingEmailEvents } from './marketing-email.events';
import { LeadUpdated, LeadUpdatedV2, MarketingLeadEvents } from './marketing-lead.events';
import { MarketingLeadDistributionEvents } from './marketing-lead-distribution.events';
import { MarketingLoyaltyEvents } from './marketing-loyalty.events';
import { MarketingRoutingEvents } from './marketing-routing.events';
import { MarketingScoringEvents } from './marketing-scoring.events';
import { customerSnapshot, CustomerUpdatedV2, SalesCustomerEvents } from './sales-customer.events';
import { OpportunityEvents, OpportunityUpdated, OpportunityUpdatedV2 } from './sales-opportunity.events';
import { QuoteEvents } from './sales-quote.events';
import { ActivityEvents } from './sales-activity.events';
import { ContactEvents, ContactUpdated, ContactUpdatedV2 } from './sales-contact.events';
import { UserEvents } from './sales-user.events';
import { WebhookEndpointEvents } from './sales-webhook.events';
import { WebhookDeliveryEvents } from './sales-webhooks-delivery.events';
import { NoteEvents } from './sales-note.events';
import { OpportunityImportEvents } from './sales-opportunity-import.events';
import { CaseUpdated, CaseUpdatedV2, ServiceCaseEvents } from './service-case.events';
import { ServiceKnowledgeEvents } from './service-knowledge.events';
import { ServiceReturnEvents } from './service-return.events';
import { CommissionEvents } from './partners-commission.events';
import { DealRegistrationEvents } from './partners-deal-registration.events';
import { LeadOfferEvents } from './partners-lead-offer.events';
import { PartnerEvents, PartnerUpdated, PartnerUpdatedV2 } from './partners-partner.events';
import { Topics } from './topics';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

export const CustomerCreated = defineEvent({
  type: 'crm.sales.customer.created.v1',
  topic: Topics.salesCustomer,
  source: 'crm.sales',
  schema: z.object({
    customerId: id,
    name: z.string(),
    kind: z.enum(['COMPANY', 'PERSON']),
    createdAt: timestamp,
    // Added later, optional so events written before still parse. 1 is the top tier; null: none.
    tier: z.number().int().nullable().optional(),
    // Added later, optional likewise: the customer as created, as customer.updated.v2 carries it, so
    // a consumer knows a new customer's industry, country, owner... without waiting for an update.
    customer: customerSnapshot.optional(),
  }),
  subject: (d) => d.customerId,
});

/** No longer published: sales publishes CustomerUpdatedV2 instead. Consumers still read it for the history on the topic. */
export const CustomerUpdated = defineEvent({
  type: 'crm.sales.customer.updated.v1',
  topic: Topics.salesCustomer,
  source: 'crm.sales',
  schema: z.object({ customerId: id, changed: z.array(z.string()), name: z.string(), updatedAt: timestamp }),
  subject: (d) => d.customerId,
});

export const ContactAdded = defineEvent({
  type: 'crm.sales.contact.added.v1',
  topic: Topics.salesContact,
  source: 'crm.sales',
  schema: z.object({ contactId: id, customerId: id, fullName: z.string(), email: z.string().nullable(), createdAt: timestamp }),
  subject: (d) => d.customerId,
});

export const LeadCaptured = defineEvent({
  type: 'crm.marketing.lead.captured.v1',
  topic: Topics.marketingLead,
  source: 'crm.marketing',
  schema: z.object({
    leadId: id,
    customerId: id.nullable(),
    email: z.string(),
    name: z.string(),
    company: z.string().nullable(),
    source: z.string(),
    status: z.string(),
    /** false when the same email was captured again and the existing lead was updated. */
    isNew: z.boolean(),
    capturedAt: timestamp,
  }),
  // A lead without a customer is keyed by its own id: it has no customer ordering to keep.
  subject: (d) => d.customerId ?? d.leadId,
});

export const CaseOpened = defineEvent({
  type: 'crm.service.case.opened.v1',
  topic: Topics.serviceCase,
  source: 'crm.service',
  schema: z.object({
    caseId: id,
    customerId: id,
    subject: z.string(),
    priority: z.string(),
    status: z.string(),
    openedAt: timestamp,
    // Added later, optional so events written before still parse.
    productId: id.nullable().optional(),
    /** The queue routing put it in (null: none); added later, absent from older events. */
    queueId: id.nullable().optional(),
  }),
  subject: (d) => d.customerId,
});

export const CaseStatusChanged = defineEvent({
  type: 'crm.service.case.status-changed.v1',
  topic: Topics.serviceCase,
  source: 'crm.service',
  schema: z.object({
    caseId: id,
    customerId: id,
    subject: z.string(),
    from: z.string(),
    to: z.string(),
    changedAt: timestamp,
    // Added later, optional so events written before still parse.
    productId: id.nullable().optional(),
  }),
  subject: (d) => d.customerId,
});

export const PartnerCreated = defineEvent({
  type: 'crm.partners.partner.created.v1',
  topic: Topics.partnersPartner,
  source: 'crm.partners',
  schema: z.object({
    partnerId: id,
    name: z.string(),
    createdAt: timestamp,
    // Added later, optional so events written before still parse: whom a deal registration of the
    // partner waits on, known from its creation rather than only from a later update.
    channelManagerId: id.nullable().optional(),
  }),
  subject: (d) => d.partnerId,
});

export const PartnerLinkedToCustomer = defineEvent({
  type: 'crm.partners.partner.customer-linked.v1',
  topic: Topics.partnersPartner,
  source: 'crm.partners',
  schema: z.object({ partnerId: id, customerId: id, partnerName: z.string(), linkedAt: timestamp }),
  subject: (d) => d.customerId,
});

/**
 * Every event type, for consumers that look contracts up by CloudEvents `type`. A contract file
 * exports its contracts as one list (e.g. OpportunityEvents) and that list is spread here; a spec
 * fails when an exported contract is missing.
 */
export const AllEvents: EventContract[] = [
  CustomerCreated,
  CustomerUpdated,
  ContactAdded,
  LeadCaptured,
  CaseOpened,
  CaseStatusChanged,
  PartnerCreated,
  PartnerLinkedToCustomer,
  ...SalesCustomerEvents,
  ...OpportunityEvents,
  ...QuoteEvents,
  ...LeadConversionEvents,
  ...MarketingLeadEvents,
  ...ContactEvents,
  ...ActivityEvents,
  ...UserEvents,
  ...WebhookEndpointEvents,
  ...WebhookDeliveryEvents,
  ...NoteEvents,
  ...OpportunityImportEvents,
  ...ServiceCaseEvents,
  ...ServiceKnowledgeEvents,
  ...ServiceReturnEvents,
  ...PartnerEvents,
  ...DealRegistrationEvents,
  ...CommissionEvents,
  ...LeadOfferEvents,
  ...MarketingLeadDistributionEvents,
  ...MarketingConsentEvents,
  ...MarketingCampaignEvents,
  ...MarketingEmailEvents,
  ...MarketingScoringEvents,
  ...MarketingRoutingEvents,
  ...MarketingLoyaltyEvents,
  ...ChurnRiskEvents,
  ...SegmentEvents,
];

/**
 * Types no longer published, each with the type that replaced it. A webhook endpoint that chose an
 * old type keeps receiving its replacement (the delivery's `type` says which it is) instead of
 * silently receiving nothing; a new endpoint cannot choose an old type.
 */
export const SUPERSEDED_BY: ReadonlyMap<string, EventContract> = new Map(
  (
    [
      [CustomerUpdated, CustomerUpdatedV2],
      [ContactUpdated, ContactUpdatedV2],
      [OpportunityUpdated, OpportunityUpdatedV2],
      [CaseUpdated, CaseUpdatedV2],
      [LeadUpdated, LeadUpdatedV2],
      [CampaignCreated, CampaignCreatedV2],
      [CampaignUpdated, CampaignUpdatedV2],
      [PartnerUpdated, PartnerUpdatedV2],
    ] as const
  ).map(([old, next]): [string, EventContract] => [old.type, next]),
);

/** The types whose subscribers receive an event of `type`: itself and each type it replaced. */
export function subscribedTypes(type: string): string[] {
  return [type, ...[...SUPERSEDED_BY].filter(([, next]) => next.type === type).map(([old]) => old)];
}
