import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { NotificationDigestEntity } from './notification-digest.entity';

/** A user whose digest is due, claimed by the transaction that holds their row. */
export interface DueDigest {
  userId: string;
  attempts: number;
  /** From sales' user events (the warehouse's owner directory); null while unknown. */
  email: string | null;
  name: string | null;
  /** An inactive user (they left) is sent nothing. */
  active: boolean;
}

/** One line of a digest. */
export interface DigestItem {
  id: string;
  kind: string;
  recordType: string;
  recordId: string;
  summary: string;
  createdAt: Date;
}

@Injectable()
export class NotificationDigestRepository {
  constructor(@InjectRepository(NotificationDigestEntity) private readonly digests: Repository<NotificationDigestEntity>) {}

  /** Gives every user with a kind in the digest a schedule, due at once when new. */
  async schedule(now: Date): Promise<void> {
    await this.digests.query(
      `INSERT INTO notification_digest (user_id, next_at, attempts)
       SELECT DISTINCT user_id, $1::timestamptz, 0 FROM notification_preference WHERE email_digest
       ON CONFLICT (user_id) DO NOTHING`,
      [now],
    );
  }

  /**
   * Claims the next user due by `now` who still has a kind in the digest, locked until the
   * transaction ends; a user another instance holds is skipped, not waited for.
   */
  async claimNext(tx: Transaction, now: Date): Promise<DueDigest | null> {
    const rows = await tx.manager.query<
      { user_id: string; attempts: number; email: string | null; name: string | null; active: boolean | null }[]
    >(
      `SELECT d.user_id, d.attempts, o.email, o.name, o.active
       FROM notification_digest d LEFT JOIN warehouse.dim_owner o ON o.owner_id = d.user_id
       WHERE d.next_at <= $1
         AND EXISTS (SELECT 1 FROM notification_preference p WHERE p.user_id = d.user_id AND p.email_digest)
       ORDER BY d.next_at, d.user_id LIMIT 1
       FOR UPDATE OF d SKIP LOCKED`,
      [now],
    );
    const r = rows[0];
    // An unknown user is taken as active: sales' user event may just not have arrived yet (no email either, then).
    return r ? { userId: r.user_id, attempts: r.attempts, email: r.email, name: r.name, active: r.active ?? true } : null;
  }

  /**
   * The user's notifications the digest lists: unread, of a kind in their digest, not mailed by an
   * earlier one, newest first. A notification read before the run is not among them.
   */
  async pending(tx: Transaction, userId: string): Promise<DigestItem[]> {
    const rows = await tx.manager.query<
      { id: string; kind: string; record_type: string; record_id: string; summary: string; created_at: Date }[]
    >(
      `SELECT n.id, n.kind, n.record_type, n.record_id, n.summary, n.created_at
       FROM notification n JOIN notification_preference p ON p.user_id = n.recipient_id AND p.kind = n.kind AND p.email_digest
       WHERE n.recipient_id = $1 AND n.read_at IS NULL AND n.digested_at IS NULL
       ORDER BY n.created_at DESC, n.id DESC`,
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      recordType: r.record_type,
      recordId: r.record_id,
      summary: r.summary,
      createdAt: r.created_at,
    }));
  }

  /** The digest went out at `at` with these notifications: none is mailed again; the next is an interval on. */
  async sent(tx: Transaction, userId: string, ids: string[], at: Date, nextAt: Date): Promise<void> {
    await tx.manager.query('UPDATE notification SET digested_at = $2 WHERE id = ANY($1::uuid[]) AND recipient_id = $3', [ids, at, userId]);
    await tx.manager.query('UPDATE notification_digest SET last_sent_at = $2, next_at = $3, attempts = 0 WHERE user_id = $1', [
      userId,
      at,
      nextAt,
    ]);
  }

  /** Nothing went out (nothing to tell, or no address): the user is looked at again at `nextAt`. */
  async postpone(tx: Transaction, userId: string, nextAt: Date): Promise<void> {
    await tx.manager.query('UPDATE notification_digest SET next_at = $2 WHERE user_id = $1', [userId, nextAt]);
  }

  /** The relay refused it: its notifications stay unmailed, tried again at `nextAt`. */
  async refused(tx: Transaction, userId: string, nextAt: Date): Promise<void> {
    await tx.manager.query('UPDATE notification_digest SET next_at = $2, attempts = attempts + 1 WHERE user_id = $1', [userId, nextAt]);
  }
}
