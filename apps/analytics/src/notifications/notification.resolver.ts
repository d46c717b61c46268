import { ACCESS_KEY, CurrentIdentity, INTERNAL_ROLES, type AccessDecision, type Identity } from '@crm/auth';
import { mapNodes, ParseIdPipe } from '@crm/graphql';
import { SetMetadata } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { MyNotificationsArgs, NotificationPreferenceInput } from './notification.input';
import { Notification, NotificationConnection, NotificationPreference, toNotification, toPreference } from './notification.object';
import { NotificationService } from './notification.service';

/** Every staff user has an inbox, and reads and marks only their own: analytics' data is otherwise read-only. */
const OwnInbox = () => SetMetadata<string, AccessDecision>(ACCESS_KEY, { public: false, roles: [...INTERNAL_ROLES] });

@OwnInbox()
@Resolver(() => Notification)
export class NotificationResolver {
  constructor(private readonly notifications: NotificationService) {}

  @Query(() => NotificationConnection, { description: "The caller's notifications, newest first." })
  async myNotifications(@Args() args: MyNotificationsArgs, @CurrentIdentity() caller: Identity): Promise<NotificationConnection> {
    return mapNodes(await this.notifications.page(caller, args), toNotification);
  }

  @Query(() => Int, { description: "How many of the caller's notifications are unread." })
  unreadNotificationCount(@CurrentIdentity() caller: Identity): Promise<number> {
    return this.notifications.unreadCount(caller);
  }

  @Query(() => [NotificationPreference], { description: "The caller's choice for each kind of notification." })
  async notificationPreferences(@CurrentIdentity() caller: Identity): Promise<NotificationPreference[]> {
    return (await this.notifications.preferences(caller)).map(toPreference);
  }

  @Mutation(() => Notification, { description: "Marks one of the caller's notifications read; another's is NOT_FOUND." })
  async markNotificationRead(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<Notification> {
    return toNotification(await this.notifications.markRead(caller, id));
  }

  @Mutation(() => Int, { description: "Marks every unread notification of the caller's read; answers how many." })
  markAllNotificationsRead(@CurrentIdentity() caller: Identity): Promise<number> {
    return this.notifications.markAllRead(caller);
  }

  @Mutation(() => NotificationPreference, { description: 'Sets how the caller is told about one kind of notification.' })
  async setNotificationPreference(
    @Args('input') input: NotificationPreferenceInput,
    @CurrentIdentity() caller: Identity,
  ): Promise<NotificationPreference> {
    return toPreference(await this.notifications.setPreference(caller, input));
  }
}
