import { registerEnumType } from '@nestjs/graphql';

/** The kinds of record whose changes the audit trail keeps. */
export enum AuditRecordType {
  CUSTOMER = 'CUSTOMER',
  CONTACT = 'CONTACT',
  OPPORTUNITY = 'OPPORTUNITY',
  PARTNER = 'PARTNER',
  LEAD = 'LEAD',
}

registerEnumType(AuditRecordType, { name: 'AuditRecordType', description: 'A kind of record the audit trail keeps changes of.' });
