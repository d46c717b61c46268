import { LeadStatus } from './lead.enums';

/**
 * Every status move changeLeadStatus may make. CONVERTED is reached only through convertLead, and a
 * converted lead never moves again; anything not listed (including staying put) is refused.
 */
export const LEAD_TRANSITIONS: Readonly<Record<LeadStatus, readonly LeadStatus[]>> = {
  [LeadStatus.NEW]: [LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.UNQUALIFIED],
  [LeadStatus.CONTACTED]: [LeadStatus.QUALIFIED, LeadStatus.UNQUALIFIED],
  [LeadStatus.QUALIFIED]: [LeadStatus.CONTACTED, LeadStatus.UNQUALIFIED],
  [LeadStatus.UNQUALIFIED]: [LeadStatus.RECYCLED],
  [LeadStatus.RECYCLED]: [LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.UNQUALIFIED],
  [LeadStatus.CONVERTED]: [],
};

/** Why a move is refused, in words a client can show; null when it is allowed. */
export function leadTransitionRefusal(from: LeadStatus, to: LeadStatus): string | null {
  if (LEAD_TRANSITIONS[from].includes(to)) return null;
  if (from === LeadStatus.CONVERTED) return 'the lead is converted and cannot move';
  if (to === LeadStatus.CONVERTED) return 'a lead becomes CONVERTED only through convertLead';
  if (from === to) return `moving a lead from ${from} to ${to} is not allowed: the lead is already ${from}`;
  return `moving a lead from ${from} to ${to} is not allowed; from ${from} it can move to ${LEAD_TRANSITIONS[from].join(', ')}`;
}
