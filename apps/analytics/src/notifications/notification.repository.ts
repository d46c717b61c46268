import type { Transaction } from '@crm/database';
import { inRuns, type ChunkScope } from '@crm/events';
import { KeysetCursors, type Keyset } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import type { ActivityDueEntity } from './activity-due.entity';
import { NotificationKind } from './notification-kind';
import type { Delivery, Recipient } from './notification-rules';
import { NotificationPreferenceEntity } from './notification-preference.entity';
import { NotificationEntity } from './notification.entity';

/** The event id of an activity's due-soon notification: one per activity and due time. */
const DUE_KEY = (activityId: string, dueAt: string) =>
  `md5('activity-due:' || ${activityId}::text || ':' || extract(epoch FROM ${dueAt})::text)::uuid`;

/** What a chunk's events do to activity_due, in their order: an activity's new state, sales' follow-up task, or a deletion. */
type DueWrite = { set: ActivityDueEntity } | { addIfUnknown: ActivityDueEntity } | { close: string };
const isSet = (w: DueWrite): w is { set: ActivityDueEntity } => 'set' in w;

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

  /**
   * An activity as its latest event states it (one topic, keyed by its customer: in order). The
   * activity's writes wait for the end of the chunk, where a run of them is one statement; a
   * follow-up task or a deletion among them keeps its place.
   */
  setActivity(tx: Transaction, chunk: ChunkScope, a: ActivityDueEntity): void {
    this.dueWrite(tx, chunk, { set: a });
  }

  /** sales' follow-up task, when its activity.created has not told of it yet: that one names the subject. */
  addActivityIfUnknown(tx: Transaction, chunk: ChunkScope, a: ActivityDueEntity): void {
    this.dueWrite(tx, chunk, { addIfUnknown: a });
  }

  /** A deleted activity is due no more. */
  closeActivity(tx: Transaction, chunk: ChunkScope, activityId: string): void {
    this.dueWrite(tx, chunk, { close: activityId });
  }

  private dueWrite(tx: Transaction, chunk: ChunkScope, w: DueWrite): void {
    chunk.defer('notifications.activity_due', w, (writes) =>
      inRuns(
        writes,
        isSet,
        (run) =>
          this.setActivities(
            tx,
            run.map((w) => w.set),
          ),
        (w) => ('close' in w ? this.closeOne(tx, w.close) : this.addOneIfUnknown(tx, w.addIfUnknown)),
      ),
    );
  }

  /**
   * A run of activity states in one statement: each activity as the last of them states it (in
   * activity id order, so two chunks lock shared rows in one order), and every due-soon notice that
   * one of them made untrue (completed, moved, handed over) gone from the inbox unless already read,
   * as the states one by one would have left it.
   */
  private async setActivities(tx: Transaction, states: ActivityDueEntity[]): Promise<void> {
    const last = new Map(states.map((a) => [a.activityId, a]));
    const activities = (param: string) => `json_to_recordset(${param}::json) AS a("activityId" uuid, "customerId" uuid, "ownerId" uuid,
      type text, subject text, "dueAt" timestamptz, open boolean)`;
    await tx.manager.query(
      `WITH latest AS (
         INSERT INTO activity_due (activity_id, customer_id, owner_id, type, subject, due_at, open)
         SELECT a."activityId", a."customerId", a."ownerId", a.type, a.subject, a."dueAt", a.open
         FROM ${activities('$3')} ORDER BY a."activityId"
         ON CONFLICT (activity_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, owner_id = EXCLUDED.owner_id, type = EXCLUDED.type,
           subject = EXCLUDED.subject, due_at = EXCLUDED.due_at, open = EXCLUDED.open
       )
       DELETE FROM notification n USING ${activities('$2')}
       WHERE n.kind = $1 AND n.record_id = a."activityId" AND n.read_at IS NULL
         AND NOT (a.open AND n.recipient_id IS NOT DISTINCT FROM a."ownerId"
                  AND n.event_id IS NOT DISTINCT FROM ${DUE_KEY('a."activityId"', 'a."dueAt"')})`,
      [NotificationKind.ACTIVITY_DUE_SOON, JSON.stringify(states), JSON.stringify([...last.values()])],
    );
  }

  private async addOneIfUnknown(tx: Transaction, a: ActivityDueEntity): Promise<void> {
    await tx.manager.query(
      `INSERT INTO activity_due (activity_id, customer_id, owner_id, type, subject, due_at, open) VALUES ($1, $2, $3, $4, $5, $6, true)
       ON CONFLICT (activity_id) DO NOTHING`,
      [a.activityId, a.customerId, a.ownerId, a.type, a.subject, a.dueAt],
    );
  }

  private async closeOne(tx: Transaction, activityId: string): Promise<void> {
    await tx.manager.query('UPDATE activity_due SET open = false WHERE activity_id = $1', [activityId]);
    await tx.manager.query('DELETE FROM notification WHERE kind = $1 AND record_id = $2 AND read_at IS NULL', [
      NotificationKind.ACTIVITY_DUE_SOON,
      activityId,
    ]);
  }

  /**
   * Tells the owner of every open activity due in (now, now + window] that it is due, once per
   * activity and due time: the notification's event id is derived from both, so two runs at once
   * (or a run after a restart) find it made and add nothing, and a moved activity is told again
   * for its new time. Answers how many were made.
   */
  async notifyDueSoon(now: Date, windowMs: number): Promise<number> {
    const rows: unknown[] = await this.notifications.query(
      `INSERT INTO notification (id, recipient_id, kind, event_id, record_type, record_id, customer_id, summary, created_at)
       SELECT gen_random_uuid(), a.owner_id, $1, ${DUE_KEY('a.activity_id', 'a.due_at')}, 'ACTIVITY', a.activity_id, a.customer_id,
              initcap(a.type) || ' "' || a.subject || '" is due at ' || to_char(a.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC',
              $2
       FROM activity_due a
       WHERE a.open AND a.owner_id IS NOT NULL AND a.due_at > $2 AND a.due_at <= $2::timestamptz + make_interval(secs => $3::double precision / 1000)
         AND NOT EXISTS (SELECT 1 FROM notification_preference p WHERE p.user_id = a.owner_id AND p.kind = $1 AND NOT p.in_app)
       ON CONFLICT (event_id, recipient_id) DO NOTHING
       RETURNING id`,
      [NotificationKind.ACTIVITY_DUE_SOON, now, windowMs],
    );
    return rows.length;
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
