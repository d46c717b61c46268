import { Connection } from '@crm/graphql';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { AuditEntryEntity } from './audit-entry.entity';
import { AuditRecordType } from './audit-record-type';

@ObjectType({ description: 'One field of one record changed: who, when, from what to what.' })
export class AuditEntry {
  @Field(() => AuditRecordType)
  recordType!: AuditRecordType;

  @Field(() => ID)
  recordId!: string;

  @Field({ description: "The field's name, as the record's owner names it (e.g. lifecycleStage)." })
  field!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The value before, as JSON text ("\\"Acme\\"", "3", "[\\"vip\\"]"); null when it had none.',
  })
  oldValue!: string | null;

  @Field(() => String, { nullable: true, description: 'The value after, as JSON text; null when the change cleared it.' })
  newValue!: string | null;

  /** Resolved to a User by the resolver; null for a change the system made. */
  changedById!: string | null;

  @Field()
  changedAt!: Date;
}

@ObjectType()
export class AuditEntryConnection extends Connection(AuditEntry) {}

const asJson = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

export const toAuditEntry = (e: AuditEntryEntity): AuditEntry => ({
  recordType: e.recordType as AuditRecordType,
  recordId: e.recordId,
  field: e.field,
  oldValue: asJson(e.oldValue),
  newValue: asJson(e.newValue),
  changedById: e.changedBy,
  changedAt: e.changedAt,
});
