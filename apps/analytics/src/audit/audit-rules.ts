import {
  ContactUpdatedV2,
  CustomerUpdatedV2,
  LeadUpdatedV2,
  OpportunityUpdatedV2,
  PartnerUpdatedV2,
  type EventContract,
  type FieldChange,
  type PayloadOf,
} from '@crm/contracts';
import { AuditRecordType } from './audit-record-type';

/** What one event changed, as the audit trail keeps it. */
export interface AuditedChange {
  recordType: AuditRecordType;
  recordId: string;
  changes: FieldChange[];
  changedBy: string | null;
}

interface Rule {
  contract: EventContract;
  describe: (data: never) => AuditedChange;
}

function rule<C extends EventContract>(contract: C, describe: (d: PayloadOf<C>) => AuditedChange): [string, Rule] {
  return [contract.type, { contract, describe }];
}

// One line per contract that carries `changes`.
const RULES = new Map<string, Rule>([
  rule(CustomerUpdatedV2, (d) => ({
    recordType: AuditRecordType.CUSTOMER,
    recordId: d.customerId,
    changes: d.changes,
    changedBy: d.updatedBy,
  })),
  rule(ContactUpdatedV2, (d) => ({
    recordType: AuditRecordType.CONTACT,
    recordId: d.contactId,
    changes: d.changes,
    changedBy: d.updatedBy,
  })),
  rule(OpportunityUpdatedV2, (d) => ({
    recordType: AuditRecordType.OPPORTUNITY,
    recordId: d.opportunityId,
    changes: d.changes,
    changedBy: d.updatedBy,
  })),
  rule(PartnerUpdatedV2, (d) => ({
    recordType: AuditRecordType.PARTNER,
    recordId: d.partnerId,
    changes: d.changes,
    changedBy: d.updatedBy,
  })),
  rule(LeadUpdatedV2, (d) => ({ recordType: AuditRecordType.LEAD, recordId: d.leadId, changes: d.changes, changedBy: d.updatedBy })),
]);

/** What `type`'s event (its data already checked by its contract) changed, or null for an event the trail does not keep. */
export function auditedChangeOf(type: string, data: unknown): AuditedChange | null {
  return RULES.get(type)?.describe(data as never) ?? null;
}

export const AUDITED_CONTRACTS: EventContract[] = [...RULES.values()].map((r) => r.contract);
