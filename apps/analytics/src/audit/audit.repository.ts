import type { Transaction } from '@crm/database';
import { KeysetCursors, type Keyset } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import type { AuditedChange } from './audit-rules';
import type { AuditTrailFilter } from './audit.input';

/** A trail pages newest first by (changedAt, eventId, seq), a record's and a user's alike. */
export const AUDIT_CURSORS = new KeysetCursors('auditTrail', { NEWEST_FIRST: { changedAt: 'timestamp', eventId: 'uuid', seq: 'integer' } });
export type AuditKeyset = Keyset<(typeof AUDIT_CURSORS.sorts)['NEWEST_FIRST']>;

@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>) {}

  /** One event's changes in one statement; an event replayed past the inbox adds nothing. */
  async record(tx: Transaction, eventId: string, at: Date, c: AuditedChange): Promise<void> {
    await tx.manager.query(
      `INSERT INTO audit_entry (event_id, seq, record_type, record_id, field, old_value, new_value, changed_by, changed_at)
       SELECT $1, c.ord - 1, $2, $3, c.value->>'field', c.value->'old', c.value->'new', $4, $5
       FROM jsonb_array_elements($6::jsonb) WITH ORDINALITY AS c(value, ord)
       ON CONFLICT DO NOTHING`,
      [eventId, c.recordType, c.recordId, c.changedBy, at, JSON.stringify(c.changes)],
    );
  }

  page(filter: AuditTrailFilter, after: AuditKeyset | null, limit: number): Promise<AuditEntryEntity[]> {
    const qb = this.entries.createQueryBuilder('a');
    if (filter.recordType) qb.andWhere('a.recordType = :recordType', { recordType: filter.recordType });
    if (filter.recordId) qb.andWhere('a.recordId = :recordId', { recordId: filter.recordId });
    if (filter.changedBy) qb.andWhere('a.changedBy = :changedBy', { changedBy: filter.changedBy });
    if (filter.from) qb.andWhere('a.changedAt >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('a.changedAt < :to', { to: filter.to });
    if (after) {
      qb.andWhere('(a.changedAt, a.eventId, a.seq) < (:afterTime, :afterEvent, :afterSeq)', {
        afterTime: after.changedAt,
        afterEvent: after.eventId,
        afterSeq: after.seq,
      });
    }
    return qb.orderBy('a.changedAt', 'DESC').addOrderBy('a.eventId', 'DESC').addOrderBy('a.seq', 'DESC').limit(limit).getMany();
  }
}
