import { StatusFlow } from '../status-flow';
import { CaseStatus, OPEN_STATUSES } from './case.enums';

/** Every status change a case may make. Anything not listed (including staying put) is refused. */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  [CaseStatus.NEW]: [CaseStatus.OPEN, CaseStatus.PENDING, CaseStatus.RESOLVED, CaseStatus.CLOSED],
  [CaseStatus.OPEN]: [CaseStatus.PENDING, CaseStatus.RESOLVED, CaseStatus.CLOSED],
  [CaseStatus.PENDING]: [CaseStatus.OPEN, CaseStatus.RESOLVED, CaseStatus.CLOSED],
  [CaseStatus.RESOLVED]: [CaseStatus.OPEN, CaseStatus.CLOSED],
  [CaseStatus.CLOSED]: [CaseStatus.OPEN],
};

const CASE_FLOW = new StatusFlow('case', CASE_TRANSITIONS);

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_FLOW.can(from, to);
}

/** Why a transition is refused, in words a client can show; null when it is allowed. */
export function transitionRefusal(from: CaseStatus, to: CaseStatus): string | null {
  return CASE_FLOW.refusal(from, to);
}

/** closedAt after a transition: set when the case closes, cleared when it is reopened. */
export function closedAtAfter(to: CaseStatus, now: Date): Date | null {
  return to === CaseStatus.CLOSED ? now : null;
}

/** resolvedAt after a transition: kept from the first move out of the open statuses, cleared when the case is reopened. */
export function resolvedAtAfter(current: Date | null, to: CaseStatus, now: Date): Date | null {
  return OPEN_STATUSES.includes(to) ? null : (current ?? now);
}
