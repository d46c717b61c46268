import {
  ActivityCompleted,
  ActivityCreated,
  ActivityDeleted,
  ActivityReopened,
  ActivityUpdated,
  CustomerCreated,
  CustomerMerged,
  CustomerUpdatedV2,
  LeadFollowUpScheduled,
  PartnerCreated,
  PartnerUpdated,
  PartnerUpdatedV2,
  TeamDeleted,
  TeamMembersChanged,
  topicSpec,
  type PayloadOf,
  type TopicSpec,
} from '@crm/contracts';
import type { ActivityDueEntity } from './activity-due.entity';
import { EventConsumerRunner, on } from '@crm/events';
import { isUuid } from '@crm/graphql';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DIRECTORY_CONTRACTS, NOTIFYING_CONTRACTS } from './notification-rules';
import { NotificationRepository } from './notification.repository';
import { NotificationService } from './notification.service';

const asUserId = (id: string | null): string | null => (isUuid(id) ? id.toLowerCase() : null);

/** The fields every activity event carries, as its state after the event. */
const activityDue = (
  d: Pick<PayloadOf<typeof ActivityCreated>, 'activityId' | 'customerId' | 'ownerId' | 'type' | 'subject' | 'dueAt'>,
  open: boolean,
): ActivityDueEntity => ({
  activityId: d.activityId,
  customerId: d.customerId,
  ownerId: d.ownerId,
  type: d.type,
  subject: d.subject,
  dueAt: d.dueAt ? new Date(d.dueAt) : null,
  open,
});

/** Consumer group (and inbox name) of the notifications and the team directory they expand. */
export const NOTIFICATIONS_GROUP_ID = 'analytics-notifications';

export const NOTIFICATION_TOPICS: TopicSpec[] = [...new Set([...NOTIFYING_CONTRACTS, ...DIRECTORY_CONTRACTS].map((c) => c.topic))].map(
  (t) => topicSpec(t),
);

/** Makes inboxes from events, in the consumer's transaction; the runner's inbox makes redelivery a no-op. */
@Injectable()
export class NotificationsConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly notifications: NotificationService,
    private readonly directory: NotificationRepository,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(NOTIFICATIONS_GROUP_ID, [
      on(TeamMembersChanged, (event, tx) => this.directory.setTeamMembers(tx, event.data.teamId, event.data.memberIds)),
      on(TeamDeleted, (event, tx) => this.directory.deleteTeam(tx, event.data.teamId)),
      on(PartnerCreated, (event, tx) => this.directory.setChannelManager(tx, event.data.partnerId, event.data.channelManagerId ?? null)),
      // v1 typed the manager as any string: one that is not a user id names nobody.
      on(PartnerUpdated, (event, tx) => this.directory.setChannelManager(tx, event.data.partnerId, asUserId(event.data.channelManagerId))),
      on(PartnerUpdatedV2, (event, tx) => this.directory.setChannelManager(tx, event.data.partnerId, event.data.channelManagerId)),
      // A customer created before the event carried its snapshot has no owner that analytics can know of.
      on(CustomerCreated, (event, tx) => this.directory.setOwner(tx, event.data.customerId, event.data.customer?.ownerId ?? null)),
      on(CustomerUpdatedV2, (event, tx) => this.directory.setOwner(tx, event.data.customerId, event.data.customer.ownerId)),
      on(CustomerMerged, (event, tx) => this.directory.forgetCustomer(tx, event.data.mergedId)),
      // What is due when, and whose: the due-soon job reads it.
      // Written at the end of the chunk (a run of activity states in one statement), each activity's events in order.
      on(ActivityCreated, async (event, tx, chunk) => this.directory.setActivity(tx, chunk, activityDue(event.data, true))),
      on(ActivityUpdated, async (event, tx, chunk) => this.directory.setActivity(tx, chunk, activityDue(event.data, true))),
      on(ActivityReopened, async (event, tx, chunk) => this.directory.setActivity(tx, chunk, activityDue(event.data, true))),
      on(ActivityCompleted, async (event, tx, chunk) => this.directory.setActivity(tx, chunk, activityDue(event.data, false))),
      on(ActivityDeleted, async (event, tx, chunk) => this.directory.closeActivity(tx, chunk, event.data.activityId)),
      on(LeadFollowUpScheduled, async (event, tx, chunk) =>
        this.directory.addActivityIfUnknown(tx, chunk, {
          activityId: event.data.activityId,
          customerId: event.data.customerId,
          ownerId: event.data.ownerId,
          type: 'TASK',
          subject: `Follow up lead ${event.data.leadName}`,
          dueAt: new Date(event.data.dueAt),
          open: true,
        }),
      ),
      ...NOTIFYING_CONTRACTS.map((contract) =>
        on(contract, async (event, tx) => {
          await this.notifications.apply(event, tx);
        }),
      ),
    ]);
  }
}
