import { registerEnumType } from '@nestjs/graphql';

export enum CaseType {
  REQUEST = 'REQUEST',
  INCIDENT = 'INCIDENT',
  COMPLAINT = 'COMPLAINT',
  RETURN = 'RETURN',
}

export enum CaseChannel {
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  WEB = 'WEB',
  CHAT = 'CHAT',
  PORTAL = 'PORTAL',
}

export enum CasePriority {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  URGENT = 'URGENT',
}

export enum CaseStatus {
  NEW = 'NEW',
  OPEN = 'OPEN',
  PENDING = 'PENDING',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}

registerEnumType(CaseType, { name: 'CaseType', description: 'What the customer came with.' });
registerEnumType(CaseChannel, { name: 'CaseChannel', description: 'How the case reached support.' });
registerEnumType(CasePriority, { name: 'CasePriority', description: 'How urgently the case must be handled.' });
registerEnumType(CaseStatus, {
  name: 'CaseStatus',
  description: 'Where the case is in its life: NEW, worked on (OPEN), waiting on someone (PENDING), RESOLVED, CLOSED.',
});

const PRIORITY_RANK: Readonly<Record<CasePriority, number>> = {
  [CasePriority.LOW]: 1,
  [CasePriority.MEDIUM]: 2,
  [CasePriority.HIGH]: 3,
  [CasePriority.URGENT]: 4,
};

/** A number that sorts priorities (higher is more urgent), stored beside the priority for keyset paging. */
export function priorityRank(priority: CasePriority): number {
  return PRIORITY_RANK[priority];
}

/** Statuses in which a case still needs work: everything before RESOLVED. */
export const OPEN_STATUSES: readonly CaseStatus[] = [CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.PENDING];
