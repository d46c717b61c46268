import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { EmailMessageEntity } from './email-message.entity';
import { EmailSendEntity } from './email-send.entity';
import { EmailTemplateEntity } from './email-template.entity';
import { EmailMessageStatus, EmailSendStatus } from './email.enums';

/** A message about to leave, with what its merge fields need. */
export interface OutgoingMessage extends EmailMessageEntity {
  name: string | null;
  company: string | null;
}

interface OutgoingRow {
  id: string;
  send_id: string;
  campaign_id: string;
  person_kind: string;
  person_id: string;
  customer_id: string | null;
  email: string;
  status: EmailMessageStatus;
  recorded_at: Date;
  name: string | null;
  company: string | null;
}

const toOutgoing = (r: OutgoingRow): OutgoingMessage => ({
  id: r.id,
  sendId: r.send_id,
  campaignId: r.campaign_id,
  personKind: r.person_kind as OutgoingMessage['personKind'],
  personId: r.person_id,
  customerId: r.customer_id,
  email: r.email,
  status: r.status,
  recordedAt: r.recorded_at,
  sentAt: null,
  openedAt: null,
  clickedAt: null,
  name: r.name,
  company: r.company,
});

@Injectable()
export class EmailRepository {
  constructor(
    @InjectRepository(EmailTemplateEntity) private readonly templates: Repository<EmailTemplateEntity>,
    @InjectRepository(EmailSendEntity) private readonly sends: Repository<EmailSendEntity>,
  ) {}

  async insertTemplate(tx: Transaction, t: EmailTemplateEntity): Promise<void> {
    await tx.manager.insert(EmailTemplateEntity, t);
  }

  findTemplate(tx: Transaction, id: string): Promise<EmailTemplateEntity | null> {
    return tx.manager.findOneBy(EmailTemplateEntity, { id });
  }

  templatesByIds(ids: readonly string[]): Promise<EmailTemplateEntity[]> {
    return this.templates.findBy({ id: Any([...ids]) });
  }

  async insertSend(tx: Transaction, s: EmailSendEntity): Promise<void> {
    await tx.manager.insert(EmailSendEntity, s);
  }

  sendsByIds(ids: readonly string[]): Promise<EmailSendEntity[]> {
    return this.sends.findBy({ id: Any([...ids]) });
  }

  /** Sends due now that are not finished, oldest first. */
  async dueSendIds(limit: number): Promise<string[]> {
    const rows = await this.sends.query<{ id: string }[]>(
      `SELECT id FROM email_send WHERE status <> $1 AND scheduled_at <= now() ORDER BY scheduled_at, id LIMIT $2`,
      [EmailSendStatus.COMPLETED, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The send, locked for this transaction; null when another sender holds it (SKIP LOCKED), so
   * two replicas never record the same batch.
   */
  async lockSend(tx: Transaction, id: string): Promise<EmailSendEntity | null> {
    return tx.manager
      .createQueryBuilder(EmailSendEntity, 's')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where('s.id = :id', { id })
      .getOne();
  }

  async setSendStatus(tx: Transaction, id: string, status: EmailSendStatus, completedAt: Date | null): Promise<void> {
    await tx.manager.update(EmailSendEntity, { id }, { status, completedAt });
  }

  /**
   * Messages left SENDING by a sender that stopped (a crash) longer than `leaseMs` ago, taken over
   * again: they go out once more with the same Message-ID.
   */
  async reclaimStale(tx: Transaction, sendId: string, leaseMs: number, limit: number): Promise<OutgoingMessage[]> {
    const [rows] = await tx.manager.query<[OutgoingRow[], number]>(
      `UPDATE email_message e SET recorded_at = now()
       FROM campaign_member m
       WHERE e.id IN (SELECT id FROM email_message WHERE send_id = $1 AND status = $2
                        AND recorded_at < now() - make_interval(secs => $3::double precision / 1000) ORDER BY id LIMIT $4)
         AND m.campaign_id = e.campaign_id AND m.person_id = e.person_id
       RETURNING e.*, m.name, m.company`,
      [sendId, EmailMessageStatus.SENDING, leaseMs, limit],
    );
    return rows.map(toOutgoing);
  }

  /**
   * Records the next members' messages before any leaves: SENDING for those who may be emailed now
   * (email consent GRANTED, not unsubscribed or bounced), SKIPPED for the rest, so nobody is
   * passed over silently. Answers the SENDING ones.
   */
  async recordNext(
    tx: Transaction,
    sendId: string,
    campaignId: string,
    limit: number,
  ): Promise<{ outgoing: OutgoingMessage[]; recorded: number }> {
    const rows = await tx.manager.query<OutgoingRow[]>(
      `INSERT INTO email_message (id, send_id, campaign_id, person_kind, person_id, customer_id, email, status, recorded_at)
       SELECT gen_random_uuid(), $1, m.campaign_id, m.person_kind, m.person_id, m.customer_id, m.email,
              CASE WHEN cs.status = 'GRANTED' AND m.status NOT IN ('UNSUBSCRIBED', 'BOUNCED') THEN $3 ELSE $4 END, now()
       FROM campaign_member m
       LEFT JOIN consent_state cs ON cs.email = m.email AND cs.channel = 'EMAIL'
       WHERE m.campaign_id = $2
         AND NOT EXISTS (SELECT 1 FROM email_message e WHERE e.send_id = $1 AND e.person_id = m.person_id)
       ORDER BY m.added_at, m.person_id
       LIMIT $5
       ON CONFLICT (send_id, person_id) DO NOTHING
       RETURNING *`,
      [sendId, campaignId, EmailMessageStatus.SENDING, EmailMessageStatus.SKIPPED, limit],
    );
    const sending = rows.filter((r) => r.status === EmailMessageStatus.SENDING);
    if (!sending.length) return { outgoing: [], recorded: rows.length };
    const names = await tx.manager.query<{ person_id: string; name: string | null; company: string | null }[]>(
      `SELECT person_id, name, company FROM campaign_member WHERE campaign_id = $1 AND person_id = ANY($2::uuid[])`,
      [campaignId, sending.map((r) => r.person_id)],
    );
    const byPerson = new Map(names.map((n) => [n.person_id, n]));
    return {
      outgoing: sending.map((r) =>
        toOutgoing({ ...r, name: byPerson.get(r.person_id)?.name ?? null, company: byPerson.get(r.person_id)?.company ?? null }),
      ),
      recorded: rows.length,
    };
  }

  async hasUnfinished(tx: Transaction, sendId: string): Promise<boolean> {
    const rows = await tx.manager.query<unknown[]>(`SELECT 1 FROM email_message WHERE send_id = $1 AND status = $2 LIMIT 1`, [
      sendId,
      EmailMessageStatus.SENDING,
    ]);
    return rows.length > 0;
  }

  async markSent(
    tx: Transaction,
    ids: readonly string[],
    status: EmailMessageStatus.SENT | EmailMessageStatus.FAILED,
    at: Date,
  ): Promise<void> {
    if (!ids.length) return;
    await tx.manager.query(`UPDATE email_message SET status = $2, sent_at = $3 WHERE id = ANY($1::uuid[]) AND status = 'SENDING'`, [
      ids,
      status,
      status === EmailMessageStatus.SENT ? at : null,
    ]);
  }

  async counts(sendIds: readonly string[]): Promise<{ send_id: string; status: EmailMessageStatus; n: number }[]> {
    return this.sends.query(
      `SELECT send_id, status, count(*)::int AS n FROM email_message WHERE send_id = ANY($1::uuid[]) GROUP BY send_id, status`,
      [sendIds],
    );
  }

  findMessage(tx: Transaction, id: string): Promise<EmailMessageEntity | null> {
    return tx.manager.findOne(EmailMessageEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async markEngaged(tx: Transaction, id: string, column: 'openedAt' | 'clickedAt', at: Date): Promise<void> {
    await tx.manager.update(EmailMessageEntity, { id }, { [column]: at });
  }
}
