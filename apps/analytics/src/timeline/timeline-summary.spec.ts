import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AllEvents,
  CampaignMemberChanged,
  CaseAssigned,
  CaseEscalated,
  CaseMerged,
  CaseOpened,
  CaseReplied,
  CaseSlaBreached,
  CasesRelated,
  CaseStatusChanged,
  CaseUpdated,
  CaseArticleLinked,
  CaseSatisfactionSubmitted,
  ChurnRiskCleared,
  ChurnRiskRaised,
  SegmentDefined,
  SegmentMemberJoined,
  SegmentMemberLeft,
  ConsentChanged,
  ContactAdded,
  CommissionAccrued,
  CommissionApproved,
  CommissionPaid,
  CommissionReversed,
  CustomerCreated,
  CustomerMerged,
  CustomerUpdated,
  CustomerUpdatedV2,
  DealRegistrationApproved,
  DealRegistrationExpired,
  DealRegistrationStatusChanged,
  LeadOfferAccepted,
  LeadOfferDeclined,
  LeadOffered,
  LeadOfferExpired,
  LeadRoutedToPartners,
  DealRegistrationSubmitted,
  LeadCaptured,
  LeadConverted,
  FormSubmitted,
  LeadScored,
  LeadAssigned,
  LeadsMerged,
  LeadStatusChanged,
  LeadUpdated,
  LeadUpdatedV2,
  NoteCreated,
  NoteDeleted,
  NoteUpdated,
  OpportunityCreated,
  OpportunityImported,
  OpportunityLost,
  OpportunityWon,
  PartnerCreated,
  PartnerLinkedToCustomer,
  PartnerUnlinkedFromCustomer,
  PartnerUpdatedV2,
  type EventContract,
  type PayloadOf,
} from '@crm/contracts';
import { customerSnapshot } from '@crm/subgraph-testing';
import type { z } from 'zod';
import { describeEvent, sourceService, TIMELINE_CONTRACTS, timelineFactOf, undescribedContracts } from './timeline-summary';

const customerId = '0b8a4f8e-5b7c-4c0e-9a51-3f1f7f0c2d11';
const otherId = '5d2f6c1a-7e3b-4a9d-8c0f-1b2a3c4d5e6f';
const at = '2031-02-03T04:05:06.789Z';
const commission = {
  commissionId: otherId,
  partnerId: otherId,
  opportunityId: otherId,
  customerId,
  amount: { amount: '1250.0500', currency: 'EUR' },
};
const deal = {
  opportunityId: otherId,
  customerId,
  name: 'Renewal',
  amount: { amount: '1200.50', currency: 'EUR' },
  closeDate: '2031-03-31',
  ownerId: null,
  partnerId: null,
  pipelineId: otherId,
  stageId: otherId,
  status: 'OPEN' as const,
};

/** An event as the consumer runner hands it over: its payload already passed the contract. */
const event = <C extends EventContract>(contract: C, data: PayloadOf<C>) => ({
  type: contract.type,
  source: contract.source,
  data: contract.schema.parse(data),
});

describe('timeline summaries', () => {
  it.each([
    [event(OpportunityCreated, { ...deal, createdAt: at }), 'OPPORTUNITY_OPENED', 'sales', 'Opportunity Renewal opened (1200.50 EUR)'],
    [
      event(OpportunityImported, {
        ...deal,
        externalId: 'crm-1',
        status: 'WON',
        closeReason: null,
        createdAt: at,
        closedAt: at,
        stages: [{ stageId: otherId, status: 'WON', at }],
        lines: [],
      }),
      'OPPORTUNITY_IMPORTED',
      'sales',
      'Opportunity Renewal imported (won, 1200.50 EUR)',
    ],
    [
      event(OpportunityWon, { ...deal, status: 'WON', reason: 'signed', closedBy: null, closedAt: at }),
      'OPPORTUNITY_WON',
      'sales',
      'Opportunity Renewal won: signed',
    ],
    [
      event(OpportunityLost, { ...deal, status: 'LOST', reason: 'price', closedBy: null, closedAt: at }),
      'OPPORTUNITY_LOST',
      'sales',
      'Opportunity Renewal lost: price',
    ],
    [
      event(CustomerCreated, { customerId, name: 'Acme', kind: 'COMPANY', createdAt: at }),
      'CUSTOMER_CREATED',
      'sales',
      'Customer Acme created',
    ],
    [
      event(CustomerUpdated, { customerId, changed: ['name', 'domain'], name: 'Acme Corp', updatedAt: at }),
      'CUSTOMER_UPDATED',
      'sales',
      'Customer Acme Corp updated (name, domain)',
    ],
    [
      event(CustomerUpdated, { customerId, changed: [], name: 'Acme Corp', updatedAt: at }),
      'CUSTOMER_UPDATED',
      'sales',
      'Customer Acme Corp updated',
    ],
    [
      event(CustomerUpdatedV2, {
        customerId,
        changes: [
          { field: 'name', old: 'Acme', new: 'Acme Corp' },
          { field: 'tier', old: null, new: 1 },
        ],
        customer: customerSnapshot({ name: 'Acme Corp', tier: 1, lifecycleStage: 'PROSPECT' }),
        updatedBy: null,
        updatedAt: at,
      }),
      'CUSTOMER_UPDATED',
      'sales',
      'Customer Acme Corp updated (name, tier)',
    ],
    [
      event(CustomerMerged, {
        mergeId: otherId,
        survivorId: customerId,
        mergedId: otherId,
        moved: { contactIds: [otherId], opportunityIds: [] },
        mergedBy: null,
        mergedAt: at,
      }),
      'CUSTOMER_MERGED',
      'sales',
      `Customer ${otherId} merged in (1 contact, 0 opportunities moved)`,
    ],
    [
      event(ContactAdded, { contactId: otherId, customerId, fullName: 'Jane Doe', email: 'jane@acme.com', createdAt: at }),
      'CONTACT_ADDED',
      'sales',
      'Contact Jane Doe added',
    ],
    [
      event(LeadCaptured, {
        leadId: otherId,
        customerId,
        email: 'jane@acme.com',
        name: 'Jane Doe',
        company: 'Acme',
        source: 'WEB_FORM',
        status: 'NEW',
        isNew: true,
        capturedAt: at,
      }),
      'LEAD_CAPTURED',
      'marketing',
      'Lead jane@acme.com captured from WEB_FORM',
    ],
    [
      event(LeadCaptured, {
        leadId: otherId,
        customerId,
        email: 'jane@acme.com',
        name: 'Jane Doe',
        company: null,
        source: 'IMPORT',
        status: 'NEW',
        isNew: false,
        capturedAt: at,
      }),
      'LEAD_CAPTURED',
      'marketing',
      'Lead jane@acme.com captured again from IMPORT',
    ],
    [
      event(LeadStatusChanged, {
        leadId: otherId,
        customerId,
        email: 'jane@acme.com',
        from: 'CONTACTED',
        to: 'UNQUALIFIED',
        reason: 'no budget',
        changedBy: null,
        changedAt: at,
      }),
      'LEAD_STATUS_CHANGED',
      'marketing',
      'Lead jane@acme.com moved from CONTACTED to UNQUALIFIED: no budget',
    ],
    [
      event(LeadUpdated, {
        leadId: otherId,
        customerId,
        email: 'jane@acme.com',
        changed: ['title', 'tags'],
        ownerId: null,
        updatedBy: null,
        updatedAt: at,
      }),
      'LEAD_UPDATED',
      'marketing',
      'Lead jane@acme.com updated (title, tags)',
    ],
    [
      event(LeadUpdatedV2, {
        leadId: otherId,
        customerId,
        email: 'jane@acme.com',
        changed: ['title'],
        changes: [{ field: 'title', old: null, new: 'CTO' }],
        ownerId: null,
        updatedBy: null,
        updatedAt: at,
      }),
      'LEAD_UPDATED',
      'marketing',
      'Lead jane@acme.com updated (title)',
    ],
    [
      event(FormSubmitted, {
        leadId: otherId,
        customerId,
        email: 'jane@acme.com',
        submissionId: otherId,
        formId: otherId,
        formName: 'Contact us',
        isNewLead: false,
        scorePoints: 10,
        consent: { text: null, given: false },
        campaignId: null,
        utm: { source: null, medium: null, term: null },
        submittedAt: at,
      }),
      'FORM_SUBMITTED',
      'marketing',
      'Form "Contact us" submitted by jane@acme.com',
    ],
    [
      event(LeadsMerged, {
        leadId: otherId,
        customerId,
        email: 'jane@acme.com',
        duplicateId: customerId,
        duplicateEmail: 'j.doe@acme.com',
        mergedBy: null,
        mergedAt: at,
      }),
      'LEAD_MERGED',
      'marketing',
      'Lead j.doe@acme.com merged into lead jane@acme.com',
    ],
    [
      event(LeadScored, {
        leadId: otherId,
        customerId,
        email: 'jane@acme.com',
        score: 105,
        previousScore: 95,
        fit: 40,
        engagement: 65,
        reason: 'EMAIL_CLICKED',
        rules: [{ ruleId: otherId, points: 10 }],
        qualified: true,
        scoredAt: at,
      }),
      'LEAD_SCORED',
      'marketing',
      'Lead jane@acme.com scored 105 (+10, EMAIL_CLICKED): marketing-qualified',
    ],
    [
      event(LeadAssigned, {
        leadId: otherId,
        customerId,
        email: 'jane@acme.com',
        name: 'Jane',
        company: null,
        ownerId: otherId,
        ruleId: otherId,
        teamId: null,
        assignedAt: at,
      }),
      'LEAD_ASSIGNED',
      'marketing',
      `Lead jane@acme.com assigned to user ${otherId}`,
    ],
    [
      event(CaseOpened, { caseId: otherId, customerId, subject: 'Printer on fire', priority: 'HIGH', status: 'NEW', openedAt: at }),
      'CASE_OPENED',
      'service',
      'Case opened: Printer on fire (HIGH)',
    ],
    [
      event(CaseStatusChanged, { caseId: otherId, customerId, subject: 'Printer on fire', from: 'OPEN', to: 'RESOLVED', changedAt: at }),
      'CASE_STATUS_CHANGED',
      'service',
      'Case "Printer on fire" moved from OPEN to RESOLVED',
    ],
    [
      event(CaseUpdated, {
        caseId: otherId,
        customerId,
        subject: 'Printer on fire',
        productId: otherId,
        changed: ['priority', 'channel'],
        priority: 'URGENT',
        updatedAt: at,
      }),
      'CASE_UPDATED',
      'service',
      'Case "Printer on fire" updated (priority, channel)',
    ],
    [
      event(CaseArticleLinked, {
        caseId: otherId,
        customerId,
        subject: 'Printer on fire',
        productId: null,
        articleId: otherId,
        articleTitle: 'Fire safety',
        linkedBy: null,
        linkedAt: at,
      }),
      'CASE_ARTICLE_LINKED',
      'service',
      'Case "Printer on fire" solved with knowledge article "Fire safety"',
    ],
    [
      event(CaseSatisfactionSubmitted, {
        caseId: otherId,
        customerId,
        subject: 'Printer on fire',
        productId: null,
        score: 4,
        hasComment: true,
        answeredAt: at,
      }),
      'CASE_CSAT_SUBMITTED',
      'service',
      'Case "Printer on fire" rated 4/5 by the customer, with a comment',
    ],
    [
      event(CaseUpdated, {
        caseId: otherId,
        customerId,
        subject: 'Printer on fire',
        productId: null,
        changed: ['priority', 'firstResponseDueAt', 'resolutionDueAt'],
        priority: 'URGENT',
        firstResponseDueAt: '2026-01-02T10:00:00.000Z',
        resolutionDueAt: null,
        updatedAt: at,
      }),
      'CASE_UPDATED',
      'service',
      'Case "Printer on fire" updated (priority, firstResponseDueAt, resolutionDueAt); now URGENT: first response due 2026-01-02T10:00:00.000Z, resolution due never',
    ],
    [
      event(CaseAssigned, {
        caseId: otherId,
        customerId,
        subject: 'Printer on fire',
        productId: null,
        assigneeId: otherId,
        previousAssigneeId: null,
        queueId: null,
        assignedAt: at,
      }),
      'CASE_ASSIGNED',
      'service',
      `Case "Printer on fire" assigned to ${otherId}`,
    ],
    [
      event(CaseAssigned, {
        caseId: otherId,
        customerId,
        subject: 'Printer on fire',
        productId: null,
        assigneeId: null,
        previousAssigneeId: otherId,
        queueId: null,
        assignedAt: at,
      }),
      'CASE_ASSIGNED',
      'service',
      'Case "Printer on fire" unassigned',
    ],
    [
      event(CaseReplied, {
        caseId: otherId,
        customerId,
        subject: 'Printer on fire',
        productId: null,
        messageId: otherId,
        internal: false,
        authorId: otherId,
        postedAt: at,
      }),
      'CASE_REPLIED',
      'service',
      'Reply sent on case "Printer on fire"',
    ],
    [
      event(CaseReplied, {
        caseId: otherId,
        customerId,
        subject: 'Printer on fire',
        productId: null,
        messageId: otherId,
        internal: true,
        authorId: null,
        postedAt: at,
      }),
      'CASE_NOTE_ADDED',
      'service',
      'Internal note on case "Printer on fire"',
    ],
    [
      event(CasesRelated, {
        caseId: otherId,
        customerId,
        subject: 'Printer on fire',
        productId: null,
        relatedCaseId: otherId,
        relatedAt: at,
      }),
      'CASE_RELATED',
      'service',
      `Case "Printer on fire" related to case ${otherId}`,
    ],
    [
      event(CaseMerged, {
        caseId: otherId,
        customerId,
        subject: 'Printer on fire',
        productId: null,
        duplicateId: otherId,
        duplicateSubject: 'Printer smoking',
        mergedAt: at,
      }),
      'CASE_MERGED',
      'service',
      'Case "Printer smoking" merged into case "Printer on fire"',
    ],
    [
      event(CaseSlaBreached, {
        caseId: otherId,
        customerId,
        subject: 'Printer on fire',
        productId: null,
        target: 'FIRST_RESPONSE',
        priority: 'URGENT',
        dueAt: at,
        escalationLevel: 1,
        queueId: otherId,
        breachedAt: at,
      }),
      'CASE_SLA_BREACHED',
      'service',
      'Case "Printer on fire" (URGENT) missed its first-response target; escalated to level 1',
    ],
    [
      event(CaseEscalated, {
        caseId: otherId,
        customerId,
        subject: 'Printer on fire',
        productId: null,
        priority: 'URGENT',
        targets: ['FIRST_RESPONSE', 'RESOLUTION'],
        escalationLevel: 2,
        previousEscalationLevel: 0,
        queueId: otherId,
        queueName: 'Escalations',
        previousQueueId: null,
        queueMemberIds: [],
        assigneeId: null,
        escalatedAt: at,
      }),
      'CASE_ESCALATED',
      'service',
      'Case "Printer on fire" (URGENT) escalated to level 2 in queue Escalations',
    ],
    [
      event(PartnerLinkedToCustomer, { partnerId: otherId, customerId, partnerName: 'Northwind', linkedAt: at }),
      'PARTNER_LINKED',
      'partners',
      'Partner Northwind linked',
    ],
    [
      event(PartnerUnlinkedFromCustomer, { partnerId: otherId, customerId, partnerName: 'Northwind', unlinkedAt: at }),
      'PARTNER_UNLINKED',
      'partners',
      'Partner Northwind unlinked',
    ],
    [
      event(DealRegistrationApproved, {
        registrationId: otherId,
        partnerId: otherId,
        customerId,
        opportunityId: otherId,
        name: 'Globex: CRM',
        amount: { amount: '10.0000', currency: 'EUR' },
        closeDate: '2031-03-01',
        approvedBy: null,
        approvedAt: at,
      }),
      'DEAL_REGISTRATION_APPROVED',
      'partners',
      'Deal registration approved: Globex: CRM',
    ],
    [
      event(DealRegistrationExpired, {
        registrationId: otherId,
        partnerId: otherId,
        customerId,
        opportunityId: otherId,
        companyName: 'Globex',
        protectionExpiredAt: at,
        expiredAt: at,
      }),
      'DEAL_REGISTRATION_EXPIRED',
      'partners',
      'Deal registration expired: Globex, not won by its protection expiry',
    ],
    [
      event(DealRegistrationStatusChanged, {
        registrationId: otherId,
        partnerId: otherId,
        customerId,
        opportunityId: otherId,
        companyName: 'Globex',
        from: 'APPROVED',
        to: 'WON',
        changedAt: at,
      }),
      'DEAL_REGISTRATION_STATUS_CHANGED',
      'partners',
      'Deal registration Globex moved from APPROVED to WON with its opportunity',
    ],
    [
      event(CommissionAccrued, {
        ...commission,
        planId: otherId,
        ratePercent: '10.0000',
        base: { amount: '12500.5000', currency: 'EUR' },
        period: '2031-02',
        accruedAt: at,
      }),
      'COMMISSION_ACCRUED',
      'partners',
      'Partner commission accrued: 1250.0500 EUR (10.0000 % of 12500.5000)',
    ],
    [
      event(CommissionApproved, { ...commission, approvedBy: null, approvedAt: at }),
      'COMMISSION_APPROVED',
      'partners',
      'Partner commission approved: 1250.0500 EUR',
    ],
    [
      event(CommissionPaid, { ...commission, paidBy: null, paidAt: at }),
      'COMMISSION_PAID',
      'partners',
      'Partner commission paid: 1250.0500 EUR',
    ],
    [
      event(CommissionReversed, { ...commission, wasStatus: 'PAID', reversedAt: at }),
      'COMMISSION_REVERSED',
      'partners',
      'Partner commission reversed (the deal was lost after it was won): 1250.0500 EUR',
    ],
  ])('describes %j as %s from %s', (e, type, source, summary) => {
    expect(timelineFactOf(e)).toEqual({ customerId, type, source, summary, link: expect.any(Object) });
  });

  it('puts a registration on the timeline only when it names a customer', () => {
    const submitted = {
      registrationId: otherId,
      partnerId: otherId,
      companyName: 'Globex',
      domain: 'globex.example',
      customerId: null,
      productInterest: 'CRM',
      estimatedAmount: { amount: '10.0000', currency: 'EUR' },
      expectedClose: '2031-03-01',
      submittedAt: at,
    };
    expect(timelineFactOf(event(DealRegistrationSubmitted, submitted))).toBeNull();
    expect(timelineFactOf(event(DealRegistrationSubmitted, { ...submitted, customerId }))).toEqual({
      customerId,
      type: 'DEAL_REGISTERED',
      source: 'partners',
      summary: 'Partner registered a deal: Globex (CRM)',
      link: { type: 'DealRegistration', id: otherId },
    });
  });

  it('describes a lead conversion on the new customer, naming the opportunity it opened', () => {
    const converted = (opportunity: PayloadOf<typeof LeadConverted>['opportunity']) =>
      event(LeadConverted, {
        leadId: otherId,
        customerId,
        existingCustomer: false,
        customerName: 'Acme',
        customerKind: 'COMPANY',
        contact: { contactId: otherId, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.com' },
        opportunity,
        ownerId: null,
        convertedBy: null,
        convertedAt: at,
      });
    expect(timelineFactOf(converted(null))).toEqual({
      customerId,
      type: 'LEAD_CONVERTED',
      source: 'marketing',
      summary: 'Lead ada@acme.com converted',
      link: { type: 'Lead', id: otherId },
    });
    expect(timelineFactOf(converted({ opportunityId: otherId, name: 'Engines', amount: null, closeDate: null }))?.summary).toBe(
      'Lead ada@acme.com converted, with opportunity Engines',
    );
  });

  it('skips a lead that belongs to no customer', () => {
    const lead = event(LeadCaptured, {
      leadId: otherId,
      customerId: null,
      email: 'x@y.com',
      name: 'X',
      company: null,
      source: 'WEB_FORM',
      status: 'NEW',
      isNew: true,
      capturedAt: at,
    });
    expect(timelineFactOf(lead)).toBeNull();
    const moved = event(LeadStatusChanged, {
      leadId: otherId,
      customerId: null,
      email: 'x@y.com',
      from: 'NEW',
      to: 'CONTACTED',
      reason: null,
      changedBy: null,
      changedAt: at,
    });
    expect(timelineFactOf(moved)).toBeNull();
  });

  it("describes a partner's update off any customer's timeline, v2 naming the fields its changes carry", () => {
    const updated = event(PartnerUpdatedV2, {
      partnerId: otherId,
      changes: [
        { field: 'tier', old: 'SILVER', new: 'GOLD' },
        { field: 'channelManagerId', old: null, new: customerId },
      ],
      name: 'Northwind',
      kind: 'RESELLER',
      tier: 'GOLD',
      territory: ['DE'],
      channelManagerId: customerId,
      updatedBy: null,
      updatedAt: at,
    });
    expect(describeEvent(updated)).toEqual({
      customerId: null,
      type: 'PARTNER_UPDATED',
      source: 'partners',
      summary: 'Partner Northwind updated (tier, channelManagerId)',
      link: { type: 'Partner', id: otherId },
    });
    expect(timelineFactOf(updated)).toBeNull();
  });

  it('skips events that are not customer interactions, and types it does not know', () => {
    expect(timelineFactOf(event(PartnerCreated, { partnerId: otherId, name: 'Northwind', createdAt: at }))).toBeNull();
    expect(timelineFactOf({ type: 'crm.sales.something.v9', source: 'crm.sales', data: { customerId } })).toBeNull();
  });

  it('takes the source from the contract, not from what the message claims', () => {
    const spoofed = { ...event(CustomerCreated, { customerId, name: 'Acme', kind: 'COMPANY', createdAt: at }), source: 'crm.partners' };
    expect(timelineFactOf(spoofed)?.source).toBe('sales');
  });

  it("shows a customer's consent changes, and not those of a person no customer has", () => {
    const consent = {
      consentId: otherId,
      personKind: 'LEAD' as const,
      personId: otherId,
      customerId,
      email: 'ada@example.com',
      channel: 'EMAIL',
      status: 'WITHDRAWN' as const,
      source: 'UNSUBSCRIBE_LINK',
      lawfulBasis: 'CONSENT',
      recordedAt: at,
    };
    expect(timelineFactOf(event(ConsentChanged, consent))).toEqual({
      customerId,
      type: 'CONSENT_WITHDRAWN',
      source: 'marketing',
      summary: 'ada@example.com withdrew EMAIL consent (UNSUBSCRIBE_LINK)',
      link: { type: 'Lead', id: otherId },
    });
    expect(timelineFactOf(event(ConsentChanged, { ...consent, status: 'GRANTED' }))?.type).toBe('CONSENT_GRANTED');
    expect(timelineFactOf(event(ConsentChanged, { ...consent, customerId: null }))).toBeNull();
  });

  it("shows a customer's campaign membership: added, then each move", () => {
    const member = {
      campaignId: otherId,
      campaignName: 'Spring launch',
      personKind: 'LEAD' as const,
      personId: otherId,
      customerId,
      from: null,
      to: 'TARGETED',
      changedAt: at,
    };
    expect(timelineFactOf(event(CampaignMemberChanged, member))).toEqual({
      customerId,
      type: 'CAMPAIGN_MEMBER_ADDED',
      source: 'marketing',
      summary: 'Added to campaign Spring launch',
      link: { type: 'Campaign', id: otherId },
    });
    expect(timelineFactOf(event(CampaignMemberChanged, { ...member, from: 'SENT', to: 'CLICKED' }))).toMatchObject({
      type: 'CAMPAIGN_CLICKED',
      summary: 'Campaign Spring launch: clicked',
    });
    expect(timelineFactOf(event(CampaignMemberChanged, { ...member, customerId: null }))).toBeNull();
  });

  it("shows a known customer's lead going through the partner channel, and nothing for a lead without one", () => {
    const offer = { offerId: otherId, leadId: otherId, partnerId: otherId, customerId, company: 'Initech' };
    const routed = {
      leadId: otherId,
      customerId,
      company: 'Initech',
      country: 'DE',
      region: null,
      productId: null,
      industry: null,
      employeeCount: null,
      routedBy: null,
      routedAt: at,
    };
    expect(timelineFactOf(event(LeadRoutedToPartners, routed))).toEqual({
      customerId,
      type: 'LEAD_ROUTED_TO_PARTNERS',
      source: 'marketing',
      summary: 'Lead from Initech routed to partners',
      link: { type: 'Lead', id: otherId },
    });
    expect(timelineFactOf(event(LeadRoutedToPartners, { ...routed, customerId: null }))).toBeNull();
    const facts = [
      event(LeadOffered, { ...offer, ruleId: otherId, offeredAt: at, expiresAt: at }),
      event(LeadOfferAccepted, { ...offer, acceptedBy: null, acceptedAt: at }),
      event(LeadOfferDeclined, { ...offer, reason: null, declinedAt: at }),
      event(LeadOfferExpired, { ...offer, expiredAt: at }),
    ].map((e) => timelineFactOf(e));
    expect(facts.map((f) => [f?.type, f?.source])).toEqual([
      ['LEAD_OFFERED', 'partners'],
      ['LEAD_OFFER_ACCEPTED', 'partners'],
      ['LEAD_OFFER_DECLINED', 'partners'],
      ['LEAD_OFFER_EXPIRED', 'partners'],
    ]);
    expect(timelineFactOf(event(LeadOfferExpired, { ...offer, customerId: null, expiredAt: at }))).toBeNull();
  });

  it("shows notes on a customer's records, and not those on a record without a customer", () => {
    const note = {
      noteId: otherId,
      recordType: 'CONTACT' as const,
      recordId: otherId,
      customerId,
      authorId: otherId,
      mentionedUserIds: [otherId],
      mentionedTeamIds: [otherId, customerId],
    };
    expect(timelineFactOf(event(NoteCreated, { ...note, createdAt: at }))).toEqual({
      customerId,
      type: 'NOTE_ADDED',
      source: 'sales',
      summary: 'Note added on the contact, mentioning 1 user and 2 teams',
      link: { type: 'Contact', id: otherId },
    });
    const edit = { ...note, version: 3, editedBy: otherId, newlyMentionedUserIds: [], newlyMentionedTeamIds: [], updatedAt: at };
    expect(timelineFactOf(event(NoteUpdated, edit))?.summary).toBe('Note on the contact edited (version 3)');
    expect(timelineFactOf(event(NoteDeleted, { ...note, deletedBy: otherId, deletedAt: at }))?.type).toBe('NOTE_DELETED');
    expect(timelineFactOf(event(NoteCreated, { ...note, recordType: 'LEAD', customerId: null, createdAt: at }))).toBeNull();
  });

  it('shows a churn risk crossing with its strongest reason, and only the threshold when no reason adds anything', () => {
    const reason = {
      factor: 'INACTIVITY' as const,
      weight: '0.3000',
      signal: '1.0000',
      contribution: '0.3000',
      detail: '90 days since the last engagement',
    };
    const risk = { customerId, score: '0.5500', threshold: '0.5000', reasons: [reason], scoredAt: at };
    expect(timelineFactOf(event(ChurnRiskRaised, risk))).toEqual({
      customerId,
      type: 'CHURN_RISK_RAISED',
      source: 'analytics',
      summary: 'Churn risk 0.5500 reached the threshold 0.5000: 90 days since the last engagement',
      link: { type: 'Customer', id: customerId },
    });
    const calm = { ...risk, score: '0.0000', threshold: '0.0000', reasons: [{ ...reason, signal: '0.0000', contribution: '0.0000' }] };
    expect(timelineFactOf(event(ChurnRiskRaised, calm))?.summary).toBe('Churn risk 0.0000 reached the threshold 0.0000');
    expect(timelineFactOf(event(ChurnRiskCleared, { ...risk, score: '0.2500' }))?.summary).toBe(
      'Churn risk 0.2500 fell below the threshold 0.5000: 90 days since the last engagement',
    );
  });

  it("shows a customer joining and leaving a segment by the segment's name; a definition is on no customer's timeline", () => {
    const member = { segmentId: otherId, segmentName: 'Gold at risk', customerId, at };
    expect(timelineFactOf(event(SegmentMemberJoined, member))).toEqual({
      customerId,
      type: 'SEGMENT_JOINED',
      source: 'analytics',
      summary: 'Joined the segment Gold at risk',
      link: { type: 'Segment', id: otherId },
    });
    expect(timelineFactOf(event(SegmentMemberLeft, member))?.summary).toBe('Left the segment Gold at risk');
    const defined = { segmentId: otherId, name: 'Gold at risk', description: null, rule: {}, definedBy: null, definedAt: at };
    expect(timelineFactOf(event(SegmentDefined, defined))).toBeNull();
  });

  it('describes every contract in AllEvents, so an event type without a summary fails here', () => {
    expect(undescribedContracts().map((c) => c.type)).toEqual([]);
    expect(new Set(TIMELINE_CONTRACTS)).toEqual(new Set(AllEvents));
    expect(TIMELINE_CONTRACTS).toHaveLength(AllEvents.length);
    expect(sourceService('crm.marketing')).toBe('marketing');
  });

  describe('on a sample payload of every contract', () => {
    /** The object types of the composed graph: what a console knows how to show. */
    const openable = new Set(
      [...fs.readFileSync(path.join(__dirname, '../../../gateway/supergraph.graphql'), 'utf8').matchAll(/^type (\w+)/gm)].map((m) => m[1]),
    );
    /** Which payload field holds the id of a link's type (a note's `recordId` names the record it is on). */
    const idFields: Record<string, string[]> = {
      Customer: ['customerId', 'survivorId', 'recordId'],
      Contact: ['contactId', 'personId', 'recordId'],
      Lead: ['leadId', 'personId', 'recordId'],
      Opportunity: ['opportunityId', 'recordId'],
      Quote: ['quoteId'],
      Activity: ['activityId'],
      User: ['userId'],
      Team: ['teamId'],
      WebhookEndpoint: ['endpointId'],
      FormSubmission: ['submissionId'],
      Campaign: ['campaignId'],
      EmailSend: ['messageId'],
      Case: ['caseId', 'recordId'],
      KnowledgeArticle: ['articleId'],
      Partner: ['partnerId', 'recordId'],
      DealRegistration: ['registrationId'],
      CommissionPlan: ['planId'],
      Commission: ['commissionId'],
      LeadDistributionRule: ['ruleId'],
      Segment: ['segmentId'],
    };

    it.each(AllEvents.map((c) => [c.type, c] as const))('%s has a readable summary and a link to its own record', (_type, contract) => {
      const data = samplePayload(contract.schema);
      const described = describeEvent({ type: contract.type, data: contract.schema.parse(data) });
      expect(described).not.toBeNull();
      expect(described!.type).toMatch(/^[A-Z][A-Z_]*$/);
      expect(described!.summary.length).toBeGreaterThan(5);
      expect(described!.summary).not.toMatch(/undefined|null|\[object/);
      expect(described!.source).toBe(sourceService(contract.source));
      expect(openable).toContain(described!.link.type);
      const fields = idFields[described!.link.type] ?? [];
      expect(fields.map((f) => (data as Record<string, unknown>)[f])).toContain(described!.link.id);
    });
  });
});

/**
 * A valid payload for any contract, built from its schema: each uuid different (so a link names
 * exactly one field), each string its field's name where the schema allows it.
 */
function samplePayload(schema: z.ZodType): unknown {
  let n = 0;
  const walk = (s: z.ZodType, key: string): unknown => {
    const def = (s as unknown as { def: { type: string; innerType?: z.ZodType; element?: z.ZodType; shape?: Record<string, z.ZodType> } })
      .def;
    const format = (s as unknown as { format?: string }).format;
    switch (def.type) {
      case 'object':
        return Object.fromEntries(Object.entries((s as z.ZodObject).shape).map(([k, v]) => [k, walk(v as z.ZodType, k)]));
      case 'optional':
      case 'nullable':
        return walk(def.innerType!, key);
      case 'array':
        return [walk(def.element!, key)];
      case 'enum':
        return (s as unknown as { options: string[] }).options[0];
      case 'boolean':
        return true;
      case 'number':
        return 3;
      case 'string':
        if (format === 'uuid') return `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
        if (format === 'datetime') return '2031-02-03T04:05:06.789Z';
        if (format === 'date') return '2031-03-31';
        return [key.toUpperCase(), '1250.50', 'EUR', 'DE', '0.5500'].find((v) => s.safeParse(v).success);
      case 'record':
        // A segment's rule: any object will do.
        return {};
      case 'lazy':
        // z.json() (a change's old and new value): any JSON value, so a string will do.
        return key;
      default:
        throw new Error(`no sample for a ${def.type} (${key})`);
    }
  };
  return walk(schema, 'payload');
}
