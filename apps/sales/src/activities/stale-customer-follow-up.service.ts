import type { Identity } from '@crm/auth';
import { ActivityCreated, CustomerFollowUpScheduled } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { EventPublisher } from '@crm/events';
import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { SalesConfig } from '../config/sales.config';
import { ActivityRepository } from './activity.repository';
import { activityPayload } from './activity.service';

const DAY_MS = 86_400_000;
/** A follow-up is due this long after the job creates it. */
export const FOLLOW_UP_DUE_IN_DAYS = 2;

/**
 * The N-day window `now` falls in, counted from 1970-01-01 (UTC): the same for every run and every instance, so
 * (customer, window) is a stable idempotency key. Returns its first day, "YYYY-MM-DD".
 */
export function followUpWindowStart(now: Date, staleDays: number): string {
  const day = Math.floor(now.getTime() / DAY_MS);
  return new Date((day - (day % staleDays)) * DAY_MS).toISOString().slice(0, 10);
}

export interface FollowUpRun {
  windowStart: string;
  /** The follow-up tasks this run created (none when the window already had them). */
  activityIds: string[];
}

/** Finds top-tier customers nobody touched for N days and gives their owners one follow-up task per window. */
@Injectable()
export class StaleCustomerFollowUpService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly activities: ActivityRepository,
    private readonly events: EventPublisher,
    @Inject(SUBGRAPH_CONFIG) private readonly config: SalesConfig,
  ) {}

  run(caller: Identity, now = new Date()): Promise<FollowUpRun> {
    const staleDays = this.config.FOLLOW_UP_STALE_DAYS;
    const windowStart = followUpWindowStart(now, staleDays);
    return this.uow.run(caller, async (tx) => {
      const created = await this.activities.createFollowUps(tx, {
        topTier: this.config.FOLLOW_UP_TOP_TIER,
        cutoff: new Date(now.getTime() - staleDays * DAY_MS),
        windowStart,
        now,
        dueAt: new Date(now.getTime() + FOLLOW_UP_DUE_IN_DAYS * DAY_MS),
      });
      for (const { activity, tier, lastTouchedAt } of created) {
        await this.events.publish(tx, ActivityCreated, {
          ...activityPayload(activity),
          automated: true,
          createdBy: null,
          createdAt: activity.createdAt.toISOString(),
        });
        await this.events.publish(tx, CustomerFollowUpScheduled, {
          activityId: activity.id,
          customerId: activity.customerId,
          ownerId: activity.ownerId!,
          tier,
          staleDays,
          lastTouchedAt: lastTouchedAt?.toISOString() ?? null,
          windowStart,
          scheduledAt: now.toISOString(),
        });
      }
      return { windowStart, activityIds: created.map((c) => c.activity.id) };
    });
  }
}
