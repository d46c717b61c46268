import type { Identity } from '@crm/auth';
import type { CloudEvent } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { ForbiddenError, NotFoundError } from '@crm/domain';
import { pageSize, toConnection, type ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { NOTIFICATION_KINDS } from './notification-kind';
import type { NotificationPreferenceEntity } from './notification-preference.entity';
import { deliveryOf } from './notification-rules';
import type { NotificationEntity } from './notification.entity';
import type { MyNotificationsArgs, NotificationPreferenceInput } from './notification.input';
import { NOTIFICATION_CURSORS, NotificationRepository } from './notification.repository';

const cursorOf = (n: NotificationEntity): string => NOTIFICATION_CURSORS.encode('NEWEST_FIRST', n);

/** Each user's inbox: made from events, read and marked only by its recipient. */
@Injectable()
export class NotificationService {
  constructor(private readonly notifications: NotificationRepository) {}

  /** Applies one event inside the consumer's transaction; answers how many notifications it made. */
  async apply(event: CloudEvent, tx: Transaction): Promise<number> {
    const found = deliveryOf(event.type, event.data);
    if (!found) return 0;
    const delivery = found.recipientOf
      ? { ...found, userIds: [...found.userIds, ...(await this.notifications.recipientsOf(tx, found.recipientOf))] }
      : found;
    const at = new Date(event.time);
    return this.notifications.deliver(tx, event.id, Number.isNaN(at.getTime()) ? new Date() : at, delivery);
  }

  async page(caller: Identity, args: MyNotificationsArgs): Promise<ConnectionShape<NotificationEntity>> {
    const size = pageSize(args.first);
    const after = args.after ? NOTIFICATION_CURSORS.decode('NEWEST_FIRST', args.after) : null;
    const rows = await this.notifications.page(this.recipient(caller), args.unreadOnly ?? false, after, size + 1);
    return toConnection(rows, size, cursorOf, (n) => n);
  }

  unreadCount(caller: Identity): Promise<number> {
    return this.notifications.unreadCount(this.recipient(caller));
  }

  /** Another user's notification answers exactly as one that does not exist. */
  async markRead(caller: Identity, id: string): Promise<NotificationEntity> {
    const found = await this.notifications.markRead(this.recipient(caller), id, new Date());
    if (!found) throw new NotFoundError('Notification', id, 'id');
    return found;
  }

  markAllRead(caller: Identity): Promise<number> {
    return this.notifications.markAllRead(this.recipient(caller), new Date());
  }

  /** Every kind, with the caller's choice or the default (in the app, no digest). */
  async preferences(caller: Identity): Promise<Pick<NotificationPreferenceEntity, 'kind' | 'inApp' | 'emailDigest'>[]> {
    const saved = new Map((await this.notifications.preferencesOf(this.recipient(caller))).map((p) => [p.kind, p]));
    return NOTIFICATION_KINDS.map((kind) => saved.get(kind) ?? { kind, inApp: true, emailDigest: false });
  }

  async setPreference(caller: Identity, input: NotificationPreferenceInput): Promise<NotificationPreferenceEntity> {
    const preference = { userId: this.recipient(caller), ...input, updatedAt: new Date() };
    await this.notifications.savePreference(preference);
    return preference;
  }

  /** An inbox belongs to a signed-in user; a token without one has none. */
  private recipient(caller: Identity): string {
    if (!caller.userId) throw new ForbiddenError('Only a signed-in user has notifications');
    return caller.userId.toLowerCase();
  }
}
