import { registerEnumType } from '@nestjs/graphql';

export enum NotificationKind {
  /** You were mentioned in a note. */
  MENTIONED = 'MENTIONED',
  /** A team you are in was mentioned in a note. */
  TEAM_MENTIONED = 'TEAM_MENTIONED',
  /** A lead, a case or a deal was assigned to you. */
  ASSIGNED = 'ASSIGNED',
  /** A case in a queue you work missed its SLA and was escalated. */
  SLA_BREACHED = 'SLA_BREACHED',
  /** A partner you are the channel manager of registered a deal: it waits for your approval. */
  DEAL_REGISTRATION_SUBMITTED = 'DEAL_REGISTRATION_SUBMITTED',
  /** A customer you own crossed the churn-risk threshold. */
  CHURN_RISK_RAISED = 'CHURN_RISK_RAISED',
  /** An activity you own is due soon (ACTIVITY_DUE_SOON_MS ahead). */
  ACTIVITY_DUE_SOON = 'ACTIVITY_DUE_SOON',
}

registerEnumType(NotificationKind, { name: 'NotificationKind', description: 'Why a notification was sent.' });

export const NOTIFICATION_KINDS = Object.values(NotificationKind);
