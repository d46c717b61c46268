import { scopedCustomerId } from '@crm/auth';
import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { CaseSatisfactionEntity } from './case-satisfaction.entity';

/** What an answer needs of its case, read with the survey in one statement. */
export interface SurveyedCase {
  caseId: string;
  customerId: string;
  subject: string;
  productId: string | null;
  answeredAt: Date | null;
}

/** A survey whose mail is due, with what the mail says. */
export interface DueSurveyMail {
  caseId: string;
  subject: string;
  contactId: string;
  /** As sales' events last gave it; null when none is known (yet). */
  email: string | null;
  expiresAt: Date;
  attempts: number;
}

@Injectable()
export class CaseSatisfactionRepository {
  /** Records the survey unless the case already has one (a case resolved again after a reopen): true when recorded. */
  async offer(tx: Transaction, survey: Pick<CaseSatisfactionEntity, 'caseId' | 'contactId' | 'sentAt' | 'expiresAt'>): Promise<boolean> {
    const rows = await tx.manager.query<unknown[]>(
      `INSERT INTO case_satisfaction (case_id, contact_id, sent_at, expires_at, next_mail_at) VALUES ($1, $2, $3, $4, $3)
       ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
      [survey.caseId, survey.contactId, survey.sentAt, survey.expiresAt],
    );
    return rows.length === 1;
  }

  /**
   * Surveys whose mail is due by `now` (only `caseId`'s when given), locked until the transaction
   * ends: SKIP LOCKED, so the send right after a resolution and the retry job never take the same
   * survey at once, and a mail is marked in the transaction that sent it.
   */
  async lockMailDue(tx: Transaction, now: Date, limit: number, caseId: string | null): Promise<DueSurveyMail[]> {
    const rows = await tx.manager.query<
      { case_id: string; subject: string; contact_id: string; email: string | null; expires_at: Date; mail_attempts: number }[]
    >(
      `SELECT s.case_id, c.subject, s.contact_id, e.email, s.expires_at, s.mail_attempts
       FROM case_satisfaction s JOIN support_case c ON c.id = s.case_id LEFT JOIN contact_email e ON e.contact_id = s.contact_id
       WHERE s.next_mail_at <= $1 AND ($3::uuid IS NULL OR s.case_id = $3)
       ORDER BY s.next_mail_at LIMIT $2 FOR UPDATE OF s SKIP LOCKED`,
      [now, limit, caseId],
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      subject: r.subject,
      contactId: r.contact_id,
      email: r.email,
      expiresAt: r.expires_at,
      attempts: r.mail_attempts,
    }));
  }

  /** The mail went out at `at` (or was logged): nothing more to send. */
  async mailed(tx: Transaction, caseId: string, at: Date): Promise<void> {
    await tx.manager.query(
      'UPDATE case_satisfaction SET mailed_at = $2, next_mail_at = NULL, mail_attempts = mail_attempts + 1 WHERE case_id = $1',
      [caseId, at],
    );
  }

  /** An attempt failed: the next is due at `next`, or never (null) when it is given up. */
  async mailFailed(tx: Transaction, caseId: string, next: Date | null): Promise<void> {
    await tx.manager.query('UPDATE case_satisfaction SET next_mail_at = $2, mail_attempts = mail_attempts + 1 WHERE case_id = $1', [
      caseId,
      next,
    ]);
  }

  /** The survey of a case and what the answer's event says of the case, locked until the transaction ends; null without one. */
  async lockSurveyed(tx: Transaction, caseId: string): Promise<SurveyedCase | null> {
    const [row] = await tx.manager.query<
      { case_id: string; customer_id: string; subject: string; product_id: string | null; answered_at: Date | null }[]
    >(
      `SELECT s.case_id, c.customer_id, c.subject, c.product_id, s.answered_at
       FROM case_satisfaction s JOIN support_case c ON c.id = s.case_id WHERE s.case_id = $1 FOR UPDATE OF s`,
      [caseId],
    );
    return row
      ? { caseId: row.case_id, customerId: row.customer_id, subject: row.subject, productId: row.product_id, answeredAt: row.answered_at }
      : null;
  }

  async answer(tx: Transaction, caseId: string, answer: { score: number; comment: string | null; answeredAt: Date }): Promise<void> {
    await tx.manager.getRepository(CaseSatisfactionEntity).update({ caseId }, answer);
  }

  /** For DataLoader: the surveys of these cases, only of the caller's customer for a portal contact. */
  async byCaseIds(tx: Transaction, caseIds: readonly string[]): Promise<CaseSatisfactionEntity[]> {
    const rows = await tx.manager.query<
      {
        case_id: string;
        contact_id: string;
        sent_at: Date;
        expires_at: Date;
        score: number | null;
        comment: string | null;
        answered_at: Date | null;
      }[]
    >(
      `SELECT s.* FROM case_satisfaction s JOIN support_case c ON c.id = s.case_id
       WHERE s.case_id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR c.customer_id = $2)`,
      [caseIds, scopedCustomerId(tx.caller)],
    );
    return rows.map((r) =>
      Object.assign(new CaseSatisfactionEntity(), {
        caseId: r.case_id,
        contactId: r.contact_id,
        sentAt: r.sent_at,
        expiresAt: r.expires_at,
        score: r.score,
        comment: r.comment,
        answeredAt: r.answered_at,
      }),
    );
  }
}
