import {
  CaseAssigned,
  CaseEscalated,
  ChurnRiskRaised,
  CustomerCreated,
  CustomerMerged,
  CustomerUpdatedV2,
  ActivityCompleted,
  ActivityCreated,
  ActivityDeleted,
  ActivityReopened,
  ActivityUpdated,
  LeadFollowUpScheduled,
  DealRegistrationSubmitted,
  LeadUpdated,
  LeadUpdatedV2,
  NoteCreated,
  NoteUpdated,
  OpportunityCreated,
  OpportunityUpdated,
  OpportunityUpdatedV2,
  PartnerCreated,
  PartnerUpdated,
  PartnerUpdatedV2,
  TeamDeleted,
  TeamMembersChanged,
  type EventContract,
  type PayloadOf,
} from '@crm/contracts';
import { NotificationKind } from './notification-kind';

/**
 * Whom one event tells, and what: `userIds` get `kind`, the members of `teamIds` (as the directory
 * read model knows them when the event is applied) get TEAM_MENTIONED, and whoever the read models
 * name as `recipientOf` (a partner's channel manager, a customer's owner) gets `kind`; whoever caused it is not told
 * about their own act.
 */
export interface Delivery {
  kind: NotificationKind;
  userIds: string[];
  teamIds: string[];
  recipientOf?: Recipient;
  causedBy: string | null;
  recordType: string;
  recordId: string;
  customerId: string | null;
  summary: string;
  teamSummary: string;
}

/** A recipient the event does not name, looked up in a read model when the event is applied. */
export type Recipient = { channelManagerOf: string } | { ownerOf: string };

interface Rule {
  contract: EventContract;
  describe: (data: never) => Delivery | null;
}

function rule<C extends EventContract>(contract: C, describe: (d: PayloadOf<C>) => Delivery | null): [string, Rule] {
  return [contract.type, { contract, describe }];
}

const recordName = (recordType: string): string => recordType.toLowerCase();

const assigned = (
  userId: string | null,
  causedBy: string | null,
  recordType: string,
  recordId: string,
  customerId: string | null,
  summary: string,
) =>
  userId
    ? {
        kind: NotificationKind.ASSIGNED,
        userIds: [userId],
        teamIds: [],
        causedBy,
        recordType,
        recordId,
        customerId,
        summary,
        teamSummary: summary,
      }
    : null;

/** A notification whose recipient the event does not name: the read models say who it is when it is applied. */
const lookedUp = (
  kind: NotificationKind,
  recipientOf: Recipient,
  recordType: string,
  recordId: string,
  customerId: string | null,
  summary: string,
): Delivery => ({
  kind,
  userIds: [],
  teamIds: [],
  recipientOf,
  causedBy: null,
  recordType,
  recordId,
  customerId,
  summary,
  teamSummary: summary,
});

const opportunityAssigned = (d: PayloadOf<typeof OpportunityUpdated>, causedBy: string | null) =>
  d.changed.includes('ownerId')
    ? assigned(d.ownerId, causedBy, 'OPPORTUNITY', d.opportunityId, d.customerId, `Opportunity "${d.name}" was assigned to you`)
    : null;

/** Both versions of a lead's update: v1 for the history on the topic, v2 as marketing publishes now. */
const leadAssigned = (d: PayloadOf<typeof LeadUpdated>) =>
  d.changed.includes('ownerId')
    ? assigned(d.ownerId, d.updatedBy, 'LEAD', d.leadId, d.customerId, `Lead ${d.email} was assigned to you`)
    : null;

const RULES = new Map<string, Rule>([
  rule(NoteCreated, (d) => ({
    kind: NotificationKind.MENTIONED,
    userIds: d.mentionedUserIds,
    teamIds: d.mentionedTeamIds,
    causedBy: d.authorId,
    recordType: d.recordType,
    recordId: d.recordId,
    customerId: d.customerId,
    summary: `You were mentioned in a note on a ${recordName(d.recordType)}`,
    teamSummary: `Your team was mentioned in a note on a ${recordName(d.recordType)}`,
  })),
  // An edit tells only whom it newly mentions: the others were told when they were mentioned.
  rule(NoteUpdated, (d) => ({
    kind: NotificationKind.MENTIONED,
    userIds: d.newlyMentionedUserIds,
    teamIds: d.newlyMentionedTeamIds,
    causedBy: d.editedBy,
    recordType: d.recordType,
    recordId: d.recordId,
    customerId: d.customerId,
    summary: `You were mentioned in an edited note on a ${recordName(d.recordType)}`,
    teamSummary: `Your team was mentioned in an edited note on a ${recordName(d.recordType)}`,
  })),
  rule(CaseAssigned, (d) =>
    d.assigneeId === d.previousAssigneeId
      ? null
      : assigned(d.assigneeId, null, 'CASE', d.caseId, d.customerId, `Case "${d.subject}" was assigned to you`),
  ),
  // An SLA breach in your queue: the members of the queue the case was escalated to (queues name no manager).
  rule(CaseEscalated, (d) => {
    const summary = `Case "${d.subject}" (${d.priority}) missed its SLA: escalated to level ${d.escalationLevel} in your queue ${d.queueName ?? ''}`;
    return {
      kind: NotificationKind.SLA_BREACHED,
      userIds: d.queueMemberIds,
      teamIds: [],
      causedBy: null,
      recordType: 'CASE',
      recordId: d.caseId,
      customerId: d.customerId,
      summary: summary.trimEnd(),
      teamSummary: summary.trimEnd(),
    };
  }),
  // Partners' approval queue is the partner's channel manager's: the registration waits on them.
  rule(DealRegistrationSubmitted, (d) =>
    lookedUp(
      NotificationKind.DEAL_REGISTRATION_SUBMITTED,
      { channelManagerOf: d.partnerId },
      'DEAL_REGISTRATION',
      d.registrationId,
      d.customerId,
      `${d.companyName} (${d.domain}) was registered as a deal by a partner of yours and waits for your approval`,
    ),
  ),
  // The owner is the one to act on it (sales gives them a retention task for the same event).
  rule(ChurnRiskRaised, (d) => {
    const top = [...d.reasons].sort((x, y) => Number(y.contribution) - Number(x.contribution))[0];
    const why = top ? `: ${top.detail}` : '';
    const summary = `Churn risk of a customer of yours rose to ${d.score} (threshold ${d.threshold})${why}`;
    return lookedUp(NotificationKind.CHURN_RISK_RAISED, { ownerOf: d.customerId }, 'CUSTOMER', d.customerId, d.customerId, summary);
  }),
  rule(LeadUpdated, leadAssigned),
  rule(LeadUpdatedV2, leadAssigned),
  rule(OpportunityCreated, (d) =>
    assigned(d.ownerId, null, 'OPPORTUNITY', d.opportunityId, d.customerId, `Opportunity "${d.name}" was assigned to you`),
  ),
  rule(OpportunityUpdated, (d) => opportunityAssigned(d, null)),
  rule(OpportunityUpdatedV2, (d) => opportunityAssigned(d, d.updatedBy)),
]);

/** What `type`'s event (its data already checked by its contract) tells whom, or null for nobody. */
export function deliveryOf(type: string, data: unknown): Delivery | null {
  const found = RULES.get(type);
  if (!found) return null;
  const delivery = found.describe(data as never);
  return delivery && (delivery.userIds.length > 0 || delivery.teamIds.length > 0 || delivery.recipientOf) ? delivery : null;
}

/** The contracts that make notifications; with those that keep the recipients' read models (teams, channel managers, owners) known. */
export const NOTIFYING_CONTRACTS: EventContract[] = [...RULES.values()].map((r) => r.contract);
export const DIRECTORY_CONTRACTS: EventContract[] = [
  TeamMembersChanged,
  TeamDeleted,
  PartnerCreated,
  PartnerUpdated,
  PartnerUpdatedV2,
  CustomerCreated,
  CustomerUpdatedV2,
  CustomerMerged,
  ActivityCreated,
  ActivityUpdated,
  ActivityReopened,
  ActivityCompleted,
  ActivityDeleted,
  LeadFollowUpScheduled,
];
