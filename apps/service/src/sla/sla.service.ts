import type { Identity } from '@crm/auth';
import { randomUUID } from 'node:crypto';
import { CaseEscalated, CaseSlaBreached } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { ConflictError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import type { PayloadOf } from '@crm/contracts';
import { Injectable } from '@nestjs/common';
import type { CaseEntity } from '../cases/case.entity';
import type { CasePriority } from '../cases/case.enums';
import { QueueService } from '../queues/queue.service';
import type { BusinessCalendarEntity } from './business-calendar.entity';
import { addBusinessMinutes, businessMinutesBetween, validateCalendar } from './business-hours';
import type { SlaPolicyEntity } from './sla-policy.entity';
import type { CreateBusinessCalendarInput, SetSlaPolicyInput } from './sla.input';
import { SlaRepository, type BreachMark } from './sla.repository';

/** The SLA columns of a case. */
export type SlaTargets = Pick<CaseEntity, 'firstResponseDueAt' | 'resolutionDueAt'>;

/** Cases one watcher transaction marks: small enough to keep locks short. */
export const WATCH_BATCH = 500;

@Injectable()
export class SlaService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly sla: SlaRepository,
    private readonly events: EventPublisher,
    private readonly queues: QueueService,
  ) {}

  createCalendar(caller: Identity, input: CreateBusinessCalendarInput): Promise<BusinessCalendarEntity> {
    const calendar: BusinessCalendarEntity = {
      id: randomUUID(),
      name: input.name,
      timeZone: input.timeZone,
      workingDays: input.workingDays,
      hours: input.hours.map((h) => ({ start: h.start, end: h.end })),
      holidays: [...new Set(input.holidays)].sort(),
      createdAt: new Date(),
    };
    validateCalendar({ ...calendar, holidays: input.holidays });
    return this.uow.run(caller, async (tx) => {
      if (!(await this.sla.insertCalendar(tx, calendar)))
        throw new ConflictError('name', `a calendar named "${input.name}" already exists`);
      return calendar;
    });
  }

  /** Sets the targets of one priority and tier (or every tier); they apply to cases opened from now on. */
  setPolicy(caller: Identity, input: SetSlaPolicyInput): Promise<SlaPolicyEntity> {
    const policy: SlaPolicyEntity = {
      id: randomUUID(),
      priority: input.priority,
      customerTier: input.customerTier ?? null,
      calendarId: input.calendarId,
      firstResponseMinutes: input.firstResponseMinutes,
      resolutionMinutes: input.resolutionMinutes,
      escalationQueueId: input.escalationQueueId ?? null,
    };
    return this.uow.run(caller, async (tx) => {
      if (!(await this.sla.findCalendar(tx, policy.calendarId)))
        throw new NotFoundError('BusinessCalendar', policy.calendarId, 'calendarId');
      if (policy.escalationQueueId) await this.queues.mustExist(tx, policy.escalationQueueId, 'escalationQueueId');
      return { ...policy, id: await this.sla.upsertPolicy(tx, policy) };
    });
  }

  policies(): Promise<SlaPolicyEntity[]> {
    return this.sla.policies();
  }

  /** Due times for a case of `priority`, of a customer of `tier`, opened at `openedAt`; nulls when no policy covers it. */
  async targets(tx: Transaction, priority: CasePriority, tier: number | null, openedAt: Date): Promise<SlaTargets> {
    const found = await this.policyWithCalendar(tx, priority, tier);
    if (!found) return { firstResponseDueAt: null, resolutionDueAt: null };
    return {
      firstResponseDueAt: addBusinessMinutes(found.calendar, openedAt, found.policy.firstResponseMinutes),
      resolutionDueAt: addBusinessMinutes(found.calendar, openedAt, found.policy.resolutionMinutes),
    };
  }

  /**
   * The due times of a case whose priority changed to `priority`: each target still running is
   * counted again from the case's opening under the new priority's policy (none when no policy
   * covers it); a target already met or breached keeps the due time it was judged against. A
   * pause that already ended is not given back (pauses are not kept, only the current one).
   */
  async reprioritised(tx: Transaction, c: CaseEntity, priority: CasePriority): Promise<SlaTargets> {
    const fresh = await this.targets(tx, priority, c.customerTier, c.openedAt);
    return {
      firstResponseDueAt: c.firstRespondedAt || c.firstResponseBreachedAt ? c.firstResponseDueAt : fresh.firstResponseDueAt,
      resolutionDueAt: c.resolutionBreachedAt ? c.resolutionDueAt : fresh.resolutionDueAt,
    };
  }

  /**
   * The due times after a pause (waiting on the customer) ends at `now`: each running target gets
   * back the business time it had left when the pause began.
   */
  async resumed(tx: Transaction, c: CaseEntity, now: Date): Promise<SlaTargets> {
    const found = c.slaPausedAt && (await this.policyWithCalendar(tx, c.priority, c.customerTier));
    if (!found || !c.slaPausedAt) return { firstResponseDueAt: c.firstResponseDueAt, resolutionDueAt: c.resolutionDueAt };
    const pausedAt = c.slaPausedAt;
    const shift = (due: Date | null, running: boolean): Date | null => {
      if (!due || !running || due <= pausedAt) return due;
      return addBusinessMinutes(found.calendar, now, businessMinutesBetween(found.calendar, pausedAt, due));
    };
    return {
      firstResponseDueAt: shift(c.firstResponseDueAt, !c.firstRespondedAt && !c.firstResponseBreachedAt),
      resolutionDueAt: shift(c.resolutionDueAt, !c.resolutionBreachedAt),
    };
  }

  /**
   * Marks every breach due by `now`: the target's breach time, one escalation level per breach, the
   * policy's escalation queue, case.sla-breached for each target missed and case.escalated once per
   * case, naming the queue's members. A breach is marked once, so running it again changes nothing
   * more. Returns how many targets it marked.
   */
  async watch(caller: Identity, now: Date): Promise<number> {
    let marked = 0;
    let afterId: string | null = null;
    for (;;) {
      const batch: { cases: number; lastId: string | null; marked: number } = await this.uow.run(caller, async (tx) => {
        const overdue = await this.sla.lockOverdue(tx, now, WATCH_BATCH, afterId);
        return { cases: overdue.length, lastId: overdue.at(-1)?.id ?? null, marked: await this.markBreaches(tx, overdue, now) };
      });
      marked += batch.marked;
      if (batch.cases < WATCH_BATCH) return marked;
      afterId = batch.lastId;
    }
  }

  /**
   * The breaches of a batch of locked overdue cases, set-based: one statement each for the policies
   * and the queues' members, one UPDATE and one outbox insert per event type for the whole batch,
   * whatever its size.
   */
  private async markBreaches(tx: Transaction, cases: CaseEntity[], now: Date): Promise<number> {
    if (!cases.length) return 0;
    const policies = new Map((await this.sla.allPolicies(tx)).map((p) => [policyKey(p.priority, p.customerTier), p]));
    // The case's policy as targets() chose it: its tier's own, else the every-tier one.
    const policyOf = (c: CaseEntity) => policies.get(policyKey(c.priority, c.customerTier)) ?? policies.get(policyKey(c.priority, null));
    const due = cases
      .map((c) => ({ c, breached: breachesOf(c, now), queueId: policyOf(c)?.escalationQueueId ?? c.queueId }))
      .filter((d) => d.breached.length > 0);
    const crews = await this.queues.crews(tx, [...new Set(due.flatMap((d) => (d.queueId ? [d.queueId] : [])))]);
    const marks: BreachMark[] = [];
    const breaches: { data: PayloadOf<typeof CaseSlaBreached>; time: Date }[] = [];
    const escalations: { data: PayloadOf<typeof CaseEscalated>; time: Date }[] = [];
    for (const { c, breached, queueId } of due) {
      const ref = { caseId: c.id, customerId: c.customerId, subject: c.subject, productId: c.productId };
      const escalationLevel = c.escalationLevel + breached.length;
      marks.push({
        id: c.id,
        escalationLevel,
        queueId,
        firstResponse: breached.some((b) => b.target === 'FIRST_RESPONSE'),
        resolution: breached.some((b) => b.target === 'RESOLUTION'),
      });
      breached.forEach((b, i) =>
        breaches.push({
          time: now,
          data: {
            ...ref,
            target: b.target,
            priority: c.priority,
            dueAt: b.dueAt.toISOString(),
            escalationLevel: c.escalationLevel + i + 1,
            queueId,
            breachedAt: now.toISOString(),
          },
        }),
      );
      const crew = queueId ? crews.get(queueId) : undefined;
      escalations.push({
        time: now,
        data: {
          ...ref,
          priority: c.priority,
          targets: breached.map((b) => b.target),
          escalationLevel,
          previousEscalationLevel: c.escalationLevel,
          queueId,
          queueName: crew?.name ?? null,
          previousQueueId: c.queueId,
          queueMemberIds: crew?.memberIds ?? [],
          assigneeId: c.assigneeId,
          escalatedAt: now.toISOString(),
        },
      });
    }
    await this.sla.markBreaches(tx, marks, now);
    await this.events.publishMany(tx, CaseSlaBreached, breaches);
    await this.events.publishMany(tx, CaseEscalated, escalations);
    return breaches.length;
  }

  private async policyWithCalendar(
    tx: Transaction,
    priority: CasePriority,
    tier: number | null,
  ): Promise<{ policy: SlaPolicyEntity; calendar: BusinessCalendarEntity } | null> {
    const policy = await this.sla.policy(tx, priority, tier);
    const calendar = policy && (await this.sla.findCalendar(tx, policy.calendarId));
    return policy && calendar ? { policy, calendar } : null;
  }
}

const policyKey = (priority: CasePriority, tier: number | null): string => `${priority}/${tier ?? '*'}`;

/** The targets of `c` that are past due at `now` and not yet marked (a first response given in time never is). */
function breachesOf(c: CaseEntity, now: Date): { target: 'FIRST_RESPONSE' | 'RESOLUTION'; dueAt: Date }[] {
  const breached: { target: 'FIRST_RESPONSE' | 'RESOLUTION'; dueAt: Date }[] = [];
  if (!c.firstRespondedAt && !c.firstResponseBreachedAt && c.firstResponseDueAt && c.firstResponseDueAt <= now) {
    breached.push({ target: 'FIRST_RESPONSE', dueAt: c.firstResponseDueAt });
  }
  if (!c.resolutionBreachedAt && c.resolutionDueAt && c.resolutionDueAt <= now)
    breached.push({ target: 'RESOLUTION', dueAt: c.resolutionDueAt });
  return breached;
}
