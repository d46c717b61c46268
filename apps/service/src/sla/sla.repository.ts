import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CaseEntity } from '../cases/case.entity';
import { OPEN_STATUSES, type CasePriority } from '../cases/case.enums';
import { BusinessCalendarEntity } from './business-calendar.entity';
import { SlaPolicyEntity } from './sla-policy.entity';

/** What the watcher sets on one overdue case. */
export interface BreachMark {
  id: string;
  escalationLevel: number;
  queueId: string | null;
  firstResponse: boolean;
  resolution: boolean;
}

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

  /** Sets the policy of its priority and tier, replacing the one there was; answers the id it is kept under. */
  async upsertPolicy(tx: Transaction, p: SlaPolicyEntity): Promise<string> {
    const [row] = await tx.manager.query<{ id: string }[]>(
      `INSERT INTO sla_policy (id, priority, customer_tier, calendar_id, first_response_minutes, resolution_minutes, escalation_queue_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (priority, customer_tier) DO UPDATE SET calendar_id = EXCLUDED.calendar_id,
         first_response_minutes = EXCLUDED.first_response_minutes, resolution_minutes = EXCLUDED.resolution_minutes,
         escalation_queue_id = EXCLUDED.escalation_queue_id
       RETURNING id`,
      [p.id, p.priority, p.customerTier, p.calendarId, p.firstResponseMinutes, p.resolutionMinutes, p.escalationQueueId],
    );
    return row!.id;
  }

  /** The policy of a case of `priority` whose customer has `tier`: the tier's own, else the every-tier one. */
  policy(tx: Transaction, priority: CasePriority, tier: number | null): Promise<SlaPolicyEntity | null> {
    return tx.manager
      .getRepository(SlaPolicyEntity)
      .createQueryBuilder('p')
      .where('p.priority = :priority', { priority })
      .andWhere('(p.customerTier IS NULL OR p.customerTier = :tier)', { tier })
      .orderBy('p.customerTier', 'ASC', 'NULLS LAST')
      .getOne();
  }

  policies(): Promise<SlaPolicyEntity[]> {
    return this.calendars.manager
      .getRepository(SlaPolicyEntity)
      .createQueryBuilder('p')
      .orderBy('p.priority', 'ASC')
      .addOrderBy('p.customerTier', 'ASC', 'NULLS FIRST')
      .getMany();
  }

  allPolicies(tx: Transaction): Promise<SlaPolicyEntity[]> {
    return tx.manager.getRepository(SlaPolicyEntity).find();
  }

  /** Marks a batch of breaches in one statement: the targets missed at `now`, the escalation level and queue. */
  async markBreaches(tx: Transaction, marks: BreachMark[], now: Date): Promise<void> {
    if (!marks.length) return;
    await tx.manager.query(
      `UPDATE support_case c SET escalation_level = m.level, queue_id = m.queue_id, updated_at = $1,
              first_response_breached_at = CASE WHEN m.first_response THEN $1 ELSE c.first_response_breached_at END,
              resolution_breached_at = CASE WHEN m.resolution THEN $1 ELSE c.resolution_breached_at END
       FROM unnest($2::uuid[], $3::int[], $4::uuid[], $5::bool[], $6::bool[]) AS m(id, level, queue_id, first_response, resolution)
       WHERE c.id = m.id`,
      [
        now,
        marks.map((m) => m.id),
        marks.map((m) => m.escalationLevel),
        marks.map((m) => m.queueId),
        marks.map((m) => m.firstResponse),
        marks.map((m) => m.resolution),
      ],
    );
  }

  /**
   * Open, running cases past a target not yet marked, locked, in id order after `afterId` (a run
   * walks the table once rather than rescanning the rows it already marked); SKIP LOCKED lets
   * several watchers (or a case being worked on right now) share the work without waiting on each
   * other, and a case skipped now is marked by the next run.
   */
  async lockOverdue(tx: Transaction, now: Date, limit: number, afterId: string | null): Promise<CaseEntity[]> {
    const ids = await tx.manager.query<{ id: string }[]>(
      `SELECT id FROM support_case
       WHERE status = ANY($2::text[]) AND sla_paused_at IS NULL
         AND ((first_responded_at IS NULL AND first_response_breached_at IS NULL AND first_response_due_at <= $1)
           OR (resolution_breached_at IS NULL AND resolution_due_at <= $1))
         AND ($4::uuid IS NULL OR id > $4)
       ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [now, OPEN_STATUSES, limit, afterId],
    );
    if (!ids.length) return [];
    return tx.manager
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .where('c.id IN (:...ids)', { ids: ids.map((r) => r.id) })
      .orderBy('c.id')
      .getMany();
  }
}
