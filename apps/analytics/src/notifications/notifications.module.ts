import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryTeamMemberEntity } from './directory-team-member.entity';
import { NotificationPreferenceEntity } from './notification-preference.entity';
import { NotificationEntity } from './notification.entity';
import { NotificationRepository } from './notification.repository';
import { NotificationResolver } from './notification.resolver';
import { NotificationService } from './notification.service';
import { NotificationsConsumer } from './notifications.consumer';
import { PartnerChannelManagerEntity } from './partner-channel-manager.entity';
import { CustomerOwnerEntity } from './customer-owner.entity';
import { ActivityDueEntity } from './activity-due.entity';
import { ActivityDueJob } from './activity-due.job';
import { NotificationDigestEntity } from './notification-digest.entity';
import { NotificationDigestJob } from './notification-digest.job';
import { NotificationDigestRepository } from './notification-digest.repository';
import { NotificationDigestSender } from './notification-digest.sender';
import { NotificationDigestService } from './notification-digest.service';

export const NOTIFICATION_ENTITIES = [
  NotificationEntity,
  NotificationPreferenceEntity,
  DirectoryTeamMemberEntity,
  PartnerChannelManagerEntity,
  CustomerOwnerEntity,
  ActivityDueEntity,
  NotificationDigestEntity,
];

/** Inboxes and the recipients' read models, kept from events: the replay rebuilds them with this module alone. */
@Module({
  imports: [TypeOrmModule.forFeature(NOTIFICATION_ENTITIES)],
  providers: [NotificationRepository, NotificationService, NotificationsConsumer],
  exports: [NotificationRepository, NotificationService],
})
export class NotificationsReadModelModule {}

/** Notifications: the read models, each user's inbox in the graph, the job that tells of activities due soon, and the email digest. */
@Module({
  imports: [NotificationsReadModelModule, TypeOrmModule.forFeature([NotificationDigestEntity])],
  providers: [
    NotificationResolver,
    ActivityDueJob,
    NotificationDigestRepository,
    NotificationDigestSender,
    NotificationDigestService,
    NotificationDigestJob,
  ],
})
export class NotificationsModule {}
