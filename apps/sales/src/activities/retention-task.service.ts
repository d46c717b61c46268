import { ActivityCreated, type ChurnRiskRaised, type PayloadOf } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { EventPublisher } from '@crm/events';
import { Injectable } from '@nestjs/common';
import type { ActivityEntity } from './activity.entity';
import { ActivityType } from './activity.enums';
import { ActivityRepository } from './activity.repository';
import { activityPayload } from './activity.service';
import { FOLLOW_UP_DUE_IN_DAYS } from './stale-customer-follow-up.service';

const DAY_MS = 86_400_000;

/** Gives the owner of a customer analytics found at risk of churning a task to win it back. */
@Injectable()
export class RetentionTaskService {
  constructor(
    private readonly activities: ActivityRepository,
    private readonly events: EventPublisher,
  ) {}

  /**
   * One task per churn-risk event: the task takes the event's id, so the event applied twice (past
   * the inbox, say after a redrive) finds its task and adds none. A customer sales no longer has
   * gets none.
   */
  async apply(tx: Transaction, eventId: string, risk: PayloadOf<typeof ChurnRiskRaised>): Promise<void> {
    if (await this.activities.findById(eventId, tx)) return;
    const customer = await this.activities.liveCustomer(tx, risk.customerId);
    if (!customer) return;
    const now = new Date();
    const why = risk.reasons.filter((r) => r.contribution !== '0.0000').map((r) => `${r.detail} (+${r.contribution})`);
    const task: ActivityEntity = {
      id: eventId,
      type: ActivityType.TASK,
      subject: `Retention: ${customer.name} is at risk of churning (${risk.score})`,
      notes: `Churn risk ${risk.score} reached the threshold ${risk.threshold}: ${why.join('; ')}.`,
      customerId: risk.customerId,
      contactId: null,
      opportunityId: null,
      leadId: null,
      ownerId: customer.ownerId,
      dueAt: new Date(now.getTime() + FOLLOW_UP_DUE_IN_DAYS * DAY_MS),
      remindAt: null,
      completedAt: null,
      completedBy: null,
      createdBy: null,
      followUpWindow: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.activities.insert(tx, task);
    await this.events.publish(tx, ActivityCreated, {
      ...activityPayload(task),
      automated: true,
      createdBy: null,
      createdAt: now.toISOString(),
    });
  }
}
