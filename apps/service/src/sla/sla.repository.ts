import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CaseEntity } from '../cases/case.entity';
import { OPEN_STATUSES, type CasePriority } from '../cases/case.enums';
import { BusinessCalendarEntity } from './business-calendar.entity';
import { SlaPolicyEntity } from './sla-policy.entity';

@Injectable()
export class SlaRepository {
  constructor(@InjectRepository(BusinessCalendarEntity) private readonly calendars: Repository<BusinessCalendarEntity>) {}

  /** false when the name is taken. */
  async insertCalendar(tx: Transaction, c: BusinessCalendarEntity): Promise<boolean> {
    const rows = await tx.manager.query<unknown[]>(
      `INSERT INTO business_calendar (id, name, time_zone, working_days, hours, holidays, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (name) DO NOTHING RETURNING id`,
      [c.id, c.name, c.timeZone, c.workingDays, JSON.stringify(c.hours), c.holidays, c.createdAt],
    );
    return rows.length > 0;
  }

  findCalendar(tx: Transaction | null, id: string): Promise<BusinessCalendarEntity | null> {
    return (tx?.manager ?? this.calendars.manager).getRepository(BusinessCalendarEntity).findOneBy({ id });
  }

  async upsertPolicy(tx: Transaction, p: SlaPolicyEntity): Promise<void> {
    await tx.manager.getRepository(SlaPolicyEntity).upsert(p, ['priority']);
  }

  policy(tx: Transaction, priority: CasePriority): Promise<SlaPolicyEntity | null> {
    return tx.manager.getRepository(SlaPolicyEntity).findOneBy({ priority });
  }

  policies(): Promise<SlaPolicyEntity[]> {
    return this.calendars.manager.getRepository(SlaPolicyEntity).find({ order: { priority: 'ASC' } });
  }

  async updateCase(tx: Transaction, id: string, patch: Partial<CaseEntity>): Promise<void> {
    await tx.manager.getRepository(CaseEntity).update({ id }, patch);
  }

  /**
   * Open, running cases past a target not yet marked, locked; SKIP LOCKED lets several watchers
   * (or a case being worked on right now) share the work without waiting on each other.
   */
  async lockOverdue(tx: Transaction, now: Date, limit: number): Promise<CaseEntity[]> {
    const ids = await tx.manager.query<{ id: string }[]>(
      `SELECT id FROM support_case
       WHERE status = ANY($2::text[]) AND sla_paused_at IS NULL
         AND ((first_responded_at IS NULL AND first_response_breached_at IS NULL AND first_response_due_at <= $1)
           OR (resolution_breached_at IS NULL AND resolution_due_at <= $1))
       ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [now, OPEN_STATUSES, limit],
    );
    if (!ids.length) return [];
    return tx.manager
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .where('c.id IN (:...ids)', { ids: ids.map((r) => r.id) })
      .getMany();
  }
}
