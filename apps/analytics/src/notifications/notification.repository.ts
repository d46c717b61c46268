import type { Transaction } from '@crm/database';
import { KeysetCursors, type Keyset } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import type { Delivery, Recipient } from './notification-rules';
import { NotificationPreferenceEntity } from './notification-preference.entity';
import { NotificationEntity } from './notification.entity';

/** An inbox pages newest first by (createdAt, id). */
export const NOTIFICATION_CURSORS = new KeysetCursors('notifications', { NEWEST_FIRST: { createdAt: 'timestamp', id: 'uuid' } });
export type NotificationKeyset = Keyset<(typeof NOTIFICATION_CURSORS.sorts)['NEWEST_FIRST']>;

@Injectable()
export class NotificationRepository {
  constructor(
    @InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>,
    @InjectRepository(NotificationPreferenceEntity) private readonly preferences: Repository<NotificationPreferenceEntity>,
  ) {}

  /**
   * Writes one event's notifications in one statement: its users, then its teams' members (a user
   * who is both is told once, as a user), without whoever caused it and without anyone who turned
   * this kind off in the app. An event replayed past the inbox adds nothing (one per event and recipient).
   */
  async deliver(tx: Transaction, eventId: string, at: Date, d: Delivery): Promise<number> {
    const rows = await tx.manager.query<unknown[]>(
      `WITH candidates AS (
         SELECT u AS user_id, $2::text AS kind, $8::text AS summary, 0 AS rank FROM unnest($3::uuid[]) u
         UNION ALL
         SELECT m.user_id, 'TEAM_MENTIONED', $9::text, 1 FROM directory_team_member m WHERE m.team_id = ANY($4::uuid[])
       ), recipients AS (
         SELECT DISTINCT ON (user_id) user_id, kind, summary FROM candidates
         WHERE user_id IS DISTINCT FROM $10::uuid ORDER BY user_id, rank
       )
       INSERT INTO notification (id, recipient_id, kind, event_id, record_type, record_id, customer_id, summary, created_at)
       SELECT gen_random_uuid(), r.user_id, r.kind, $1, $5, $6, $7, r.summary, $11 FROM recipients r
       WHERE NOT EXISTS (SELECT 1 FROM notification_preference p WHERE p.user_id = r.user_id AND p.kind = r.kind AND NOT p.in_app)
       ON CONFLICT (event_id, recipient_id) DO NOTHING
       RETURNING id`,
      [eventId, d.kind, d.userIds, d.teamIds, d.recordType, d.recordId, d.customerId, d.summary, d.teamSummary, d.causedBy, at],
    );
    return rows.length;
  }

  /** A team's whole membership after a change, as the event states it. */
  async setTeamMembers(tx: Transaction, teamId: string, memberIds: string[]): Promise<void> {
    await tx.manager.query('DELETE FROM directory_team_member WHERE team_id = $1 AND NOT (user_id = ANY($2::uuid[]))', [teamId, memberIds]);
    await tx.manager.query(
      'INSERT INTO directory_team_member (team_id, user_id) SELECT $1, u FROM unnest($2::uuid[]) u ON CONFLICT DO NOTHING',
      [teamId, memberIds],
    );
  }

  async deleteTeam(tx: Transaction, teamId: string): Promise<void> {
    await tx.manager.query('DELETE FROM directory_team_member WHERE team_id = $1', [teamId]);
  }

  /** The partner's channel manager as its latest event states it (one topic, keyed by the partner: in order). */
  async setChannelManager(tx: Transaction, partnerId: string, channelManagerId: string | null): Promise<void> {
    await tx.manager.query(
      `INSERT INTO partner_channel_manager (partner_id, channel_manager_id) VALUES ($1, $2)
       ON CONFLICT (partner_id) DO UPDATE SET channel_manager_id = EXCLUDED.channel_manager_id`,
      [partnerId, channelManagerId],
    );
  }

  /** The customer's owner as its latest event states it (one topic, keyed by the customer: in order). */
  async setOwner(tx: Transaction, customerId: string, ownerId: string | null): Promise<void> {
    await tx.manager.query(
      `INSERT INTO customer_owner (customer_id, owner_id) VALUES ($1, $2)
       ON CONFLICT (customer_id) DO UPDATE SET owner_id = EXCLUDED.owner_id`,
      [customerId, ownerId],
    );
  }

  /** A merged-away customer is gone for good: alerts name its survivor, whose owner stays as it is. */
  async forgetCustomer(tx: Transaction, customerId: string): Promise<void> {
    await tx.manager.query('DELETE FROM customer_owner WHERE customer_id = $1', [customerId]);
  }

  /** Who the read models say a delivery's `recipientOf` is; nobody when they do not know. */
  async recipientsOf(tx: Transaction, recipient: Recipient): Promise<string[]> {
    const [sql, id] =
      'ownerOf' in recipient
        ? ['SELECT owner_id AS id FROM customer_owner WHERE customer_id = $1 AND owner_id IS NOT NULL', recipient.ownerOf]
        : [
            'SELECT channel_manager_id AS id FROM partner_channel_manager WHERE partner_id = $1 AND channel_manager_id IS NOT NULL',
            recipient.channelManagerOf,
          ];
    const rows = await tx.manager.query<{ id: string }[]>(sql, [id]);
    return rows.map((r) => r.id);
  }

  /** A page of one recipient's inbox, newest first; unread only when asked. */
  page(recipientId: string, unreadOnly: boolean, after: NotificationKeyset | null, limit: number): Promise<NotificationEntity[]> {
    const qb = this.notifications.createQueryBuilder('n').where('n.recipientId = :recipientId', { recipientId });
    if (unreadOnly) qb.andWhere('n.readAt IS NULL');
    if (after) qb.andWhere('(n.createdAt, n.id) < (:afterTime, :afterId)', { afterTime: after.createdAt, afterId: after.id });
    return qb.orderBy('n.createdAt', 'DESC').addOrderBy('n.id', 'DESC').limit(limit).getMany();
  }

  unreadCount(recipientId: string): Promise<number> {
    return this.notifications.countBy({ recipientId, readAt: IsNull() });
  }

  /** Marks one of the recipient's notifications read (kept as first read); null when it is not theirs or there is none. */
  async markRead(recipientId: string, id: string, at: Date): Promise<NotificationEntity | null> {
    await this.notifications.update({ id, recipientId, readAt: IsNull() }, { readAt: at });
    return this.notifications.findOneBy({ id, recipientId });
  }

  async markAllRead(recipientId: string, at: Date): Promise<number> {
    const result = await this.notifications.update({ recipientId, readAt: IsNull() }, { readAt: at });
    return result.affected ?? 0;
  }

  preferencesOf(userId: string): Promise<NotificationPreferenceEntity[]> {
    return this.preferences.findBy({ userId });
  }

  async savePreference(p: NotificationPreferenceEntity): Promise<void> {
    await this.preferences.upsert(p, ['userId', 'kind']);
  }
}
