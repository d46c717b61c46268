import { randomUUID } from 'node:crypto';
import { ActivityCreated, LeadFollowUpScheduled, type LeadAssigned, type PayloadOf } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { EventPublisher } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { UNASSIGNED_CUSTOMER_ID, UnassignedAccountService } from '../customers/unassigned-account.service';
import type { ActivityEntity } from './activity.entity';
import { ActivityType } from './activity.enums';
import { ActivityRepository } from './activity.repository';
import { activityPayload } from './activity.service';

/** A routed lead's follow-up is due this long after the assignment. */
export const LEAD_FOLLOW_UP_DUE_IN_HOURS = 24;

/**
 * Gives the owner marketing routed a qualified lead to a task to follow it up, in the consumer's transaction. An
 * activity needs a customer and a lead is not one yet: the task is on the lead's customer when sales has it, else on
 * the Unassigned account (as deals without an account are), with `leadId` naming the lead. It shows on the owner's
 * to-do list (`activities(filter: { ownerId })`, `ownedBy: ME`). One per lead and owner: a redelivered or repeated
 * assignment adds nothing.
 */
@Injectable()
export class LeadFollowUpService {
  constructor(
    private readonly activities: ActivityRepository,
    private readonly unassigned: UnassignedAccountService,
    private readonly events: EventPublisher,
  ) {}

  async schedule(tx: Transaction, lead: PayloadOf<typeof LeadAssigned>): Promise<void> {
    const known = lead.customerId ? await this.activities.customerOfCustomer(tx, lead.customerId) : null;
    if (!known) await this.unassigned.ensure(tx);
    const now = new Date();
    const activity: ActivityEntity = {
      id: randomUUID(),
      type: ActivityType.TASK,
      subject: `Follow up lead ${lead.name}${lead.company ? ` (${lead.company})` : ''}`,
      notes: `Routed to you as a qualified lead: ${lead.email}`,
      customerId: known ?? UNASSIGNED_CUSTOMER_ID,
      contactId: null,
      opportunityId: null,
      leadId: lead.leadId,
      ownerId: lead.ownerId,
      dueAt: new Date(Date.parse(lead.assignedAt) + LEAD_FOLLOW_UP_DUE_IN_HOURS * 3_600_000),
      remindAt: null,
      completedAt: null,
      completedBy: null,
      createdBy: null,
      followUpWindow: null,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.activities.insertIfAbsent(tx, activity))) return;
    await this.events.publish(tx, ActivityCreated, {
      ...activityPayload(activity),
      automated: true,
      createdBy: null,
      createdAt: now.toISOString(),
    });
    await this.events.publish(tx, LeadFollowUpScheduled, {
      activityId: activity.id,
      customerId: activity.customerId,
      leadId: lead.leadId,
      leadCustomerId: lead.customerId,
      leadName: lead.name,
      ownerId: lead.ownerId,
      dueAt: activity.dueAt!.toISOString(),
      scheduledAt: now.toISOString(),
    });
  }
}
