import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryTeamMemberEntity } from './directory-team-member.entity';
import { NotificationPreferenceEntity } from './notification-preference.entity';
import { NotificationEntity } from './notification.entity';
import { NotificationRepository } from './notification.repository';
import { NotificationResolver } from './notification.resolver';
import { NotificationService } from './notification.service';
import { NotificationsConsumer } from './notifications.consumer';

@Module({
  imports: [TypeOrmModule.forFeature([NotificationEntity, NotificationPreferenceEntity, DirectoryTeamMemberEntity])],
  providers: [NotificationRepository, NotificationService, NotificationsConsumer, NotificationResolver],
})
export class NotificationsModule {}

export const NOTIFICATION_ENTITIES = [NotificationEntity, NotificationPreferenceEntity, DirectoryTeamMemberEntity];
