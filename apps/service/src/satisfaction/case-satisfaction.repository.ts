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

@Injectable()
export class CaseSatisfactionRepository {
  /** Records the survey unless the case already has one (a case resolved again after a reopen): true when recorded. */
  async offer(tx: Transaction, survey: Pick<CaseSatisfactionEntity, 'caseId' | 'contactId' | 'sentAt' | 'expiresAt'>): Promise<boolean> {
    const rows = await tx.manager.query<unknown[]>(
      `INSERT INTO case_satisfaction (case_id, contact_id, sent_at, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
      [survey.caseId, survey.contactId, survey.sentAt, survey.expiresAt],
    );
    return rows.length === 1;
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
