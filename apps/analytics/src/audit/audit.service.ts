import type { CloudEvent } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { InvalidError } from '@crm/domain';
import type { ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { AuditEntryEntity } from './audit-entry.entity';
import { auditedChangeOf } from './audit-rules';
import type { AuditTrailArgs, AuditTrailFilter } from './audit.input';
import { AUDIT_CURSORS, AuditRepository } from './audit.repository';

/** Who changed which field of which record, when, from what to what: kept from the events that carry `changes`. */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  /** Applies one event inside the consumer's transaction. */
  async apply(event: CloudEvent, tx: Transaction): Promise<void> {
    const change = auditedChangeOf(event.type, event.data);
    if (change) await this.audit.record(tx, event.id, new Date(event.time), change);
  }

  /** One page of the changes the filter keeps, newest first. */
  page(args: AuditTrailArgs): Promise<ConnectionShape<AuditEntryEntity>> {
    const filter: AuditTrailFilter = args.filter ?? {};
    if (filter.from && filter.to && filter.to <= filter.from) throw new InvalidError('filter.to', 'must be after from');
    return AUDIT_CURSORS.page({ ...args, sort: 'NEWEST_FIRST' }, (q) => this.audit.page(filter, q.after, q.limit));
  }
}
