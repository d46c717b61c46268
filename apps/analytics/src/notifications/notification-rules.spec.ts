import {
  CaseAssigned,
  CaseEscalated,
  DealRegistrationSubmitted,
  LeadUpdated,
  LeadUpdatedV2,
  NoteCreated,
  NoteUpdated,
  OpportunityUpdated,
  OpportunityUpdatedV2,
  type EventContract,
  type PayloadOf,
} from '@crm/contracts';
import { deliveryOf } from './notification-rules';

const a = '0b8a4f8e-5b7c-4c0e-9a51-3f1f7f0c2d11';
const b = '5d2f6c1a-7e3b-4a9d-8c0f-1b2a3c4d5e6f';
const c = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const at = '2031-02-03T04:05:06.789Z';
const of = <C extends EventContract>(contract: C, data: PayloadOf<C>) => deliveryOf(contract.type, contract.schema.parse(data));
const note = {
  noteId: a,
  recordType: 'CASE' as const,
  recordId: b,
  customerId: c,
  authorId: a,
  mentionedUserIds: [b],
  mentionedTeamIds: [c],
};
const deal = {
  opportunityId: a,
  customerId: c,
  name: 'Renewal',
  amount: { amount: '10.00', currency: 'EUR' },
  closeDate: '2031-03-31',
  ownerId: b,
  partnerId: null,
  pipelineId: a,
  stageId: a,
  status: 'OPEN' as const,
};

describe('whom an event notifies', () => {
  it('tells the users and teams a note mentions, not its author', () => {
    expect(of(NoteCreated, { ...note, createdAt: at })).toMatchObject({
      kind: 'MENTIONED',
      userIds: [b],
      teamIds: [c],
      causedBy: a,
      recordType: 'CASE',
      summary: 'You were mentioned in a note on a case',
      teamSummary: 'Your team was mentioned in a note on a case',
    });
  });

  it('tells an edit only whom it newly mentions, and nobody when it mentions no one new', () => {
    const edit = { ...note, version: 2, editedBy: a, newlyMentionedUserIds: [], newlyMentionedTeamIds: [], updatedAt: at };
    expect(of(NoteUpdated, edit)).toBeNull();
    expect(of(NoteUpdated, { ...edit, newlyMentionedUserIds: [c] })).toMatchObject({ userIds: [c], teamIds: [] });
  });

  it('tells a new assignee of a case, a lead or a deal; nothing when the owner did not change', () => {
    const kase = { caseId: a, customerId: c, subject: 'Broken', productId: null, previousAssigneeId: null, queueId: null, assignedAt: at };
    expect(of(CaseAssigned, { ...kase, assigneeId: b })).toMatchObject({
      kind: 'ASSIGNED',
      userIds: [b],
      recordType: 'CASE',
      summary: 'Case "Broken" was assigned to you',
    });
    expect(of(CaseAssigned, { ...kase, assigneeId: null })).toBeNull();
    const lead = { leadId: a, customerId: null, email: 'x@y.z', ownerId: b, updatedBy: a, updatedAt: at };
    expect(of(LeadUpdated, { ...lead, changed: ['ownerId'] })).toMatchObject({ userIds: [b], causedBy: a, recordType: 'LEAD' });
    expect(of(LeadUpdated, { ...lead, changed: ['name'] })).toBeNull();
    const ownerChange = [{ field: 'ownerId', old: null, new: b }];
    expect(of(LeadUpdatedV2, { ...lead, changed: ['ownerId'], changes: ownerChange })).toMatchObject({
      userIds: [b],
      causedBy: a,
      recordType: 'LEAD',
    });
    expect(of(LeadUpdatedV2, { ...lead, changed: ['name'], changes: [{ field: 'name', old: 'A', new: 'B' }] })).toBeNull();
    expect(of(OpportunityUpdated, { ...deal, changed: ['ownerId'], updatedAt: at })).toMatchObject({
      userIds: [b],
      recordType: 'OPPORTUNITY',
    });
    expect(of(OpportunityUpdated, { ...deal, changed: ['amount'], updatedAt: at })).toBeNull();
    const v2 = { ...deal, changed: ['ownerId'], changes: [{ field: 'ownerId', old: null, new: b }], updatedBy: a, updatedAt: at };
    expect(of(OpportunityUpdatedV2, v2)).toMatchObject({ userIds: [b], causedBy: a, recordType: 'OPPORTUNITY' });
    expect(of(OpportunityUpdatedV2, { ...v2, changed: ['amount'] })).toBeNull();
  });

  it('tells the members of the queue a case was escalated to that it missed its SLA; nobody when the queue has none', () => {
    const escalated = {
      caseId: a,
      customerId: c,
      subject: 'Production is down',
      productId: null,
      priority: 'URGENT',
      targets: ['FIRST_RESPONSE' as const],
      escalationLevel: 1,
      previousEscalationLevel: 0,
      queueId: b,
      queueName: 'Escalations',
      previousQueueId: null,
      queueMemberIds: [a, b],
      assigneeId: null,
      escalatedAt: at,
    };
    expect(of(CaseEscalated, escalated)).toEqual({
      kind: 'SLA_BREACHED',
      userIds: [a, b],
      teamIds: [],
      causedBy: null,
      recordType: 'CASE',
      recordId: a,
      customerId: c,
      summary: 'Case "Production is down" (URGENT) missed its SLA: escalated to level 1 in your queue Escalations',
      teamSummary: 'Case "Production is down" (URGENT) missed its SLA: escalated to level 1 in your queue Escalations',
    });
    expect(of(CaseEscalated, { ...escalated, queueMemberIds: [] })).toBeNull();
  });

  it("leaves a deal registration's recipient to the read models: the partner's channel manager", () => {
    const submitted = {
      registrationId: a,
      partnerId: b,
      companyName: 'Acme',
      domain: 'acme.example',
      customerId: null,
      productInterest: 'Widgets',
      estimatedAmount: { amount: '5.00', currency: 'EUR' },
      expectedClose: '2031-06-30',
      submittedAt: at,
    };
    expect(of(DealRegistrationSubmitted, submitted)).toMatchObject({
      kind: 'DEAL_REGISTRATION_SUBMITTED',
      userIds: [],
      recipientOf: { channelManagerOf: b },
      recordType: 'DEAL_REGISTRATION',
      recordId: a,
    });
  });
});
