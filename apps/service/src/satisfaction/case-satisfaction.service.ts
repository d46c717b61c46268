import { SignedLinks, SYSTEM_IDENTITY } from '@crm/auth';
import { CaseSatisfactionSubmitted } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { ConflictError, InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { LOGGER, type Logger } from '@crm/observability';
import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { Identity } from '@crm/auth';
import type { CaseEntity } from '../cases/case.entity';
import type { ServiceConfig } from '../config/service.config';
import type { CaseSatisfactionEntity } from './case-satisfaction.entity';
import { CaseSatisfactionRepository } from './case-satisfaction.repository';
import { SurveySender } from './survey-sender';

export const CSAT_COMMENT_MAX = 2000;
const DAY_MS = 24 * 3600 * 1000;
/** The longest pause between two attempts at one survey's mail. */
const MAIL_RETRY_MAX_MS = 3600 * 1000;

/** What a survey answer says, as it came in: checked here. */
export interface SurveyAnswer {
  score: number;
  comment: string | null;
  answeredAt: Date;
}

@Injectable()
export class CaseSatisfactionService {
  private readonly links: SignedLinks;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly surveys: CaseSatisfactionRepository,
    private readonly events: EventPublisher,
    private readonly sender: SurveySender,
    @Inject(SUBGRAPH_CONFIG) private readonly config: ServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.links = new SignedLinks(config.CSAT_SECRET);
  }

  /**
   * Records the survey of a case just resolved, in the resolving transaction, with its mail due
   * now; answers the case to mail once it commits, or null when there is nobody to ask (no
   * contact) or it was offered before.
   */
  async offer(tx: Transaction, resolved: CaseEntity, now: Date): Promise<string | null> {
    if (!resolved.contactId) return null;
    const expiresAt = new Date(now.getTime() + this.config.CSAT_SURVEY_DAYS * DAY_MS);
    const recorded = await this.surveys.offer(tx, { caseId: resolved.id, contactId: resolved.contactId, sentAt: now, expiresAt });
    return recorded ? resolved.id : null;
  }

  /**
   * Mails the survey `offer` recorded, after its transaction committed, without holding up the
   * caller. What fails here is not lost: the survey stays due and the mail job tries it again.
   */
  send(caseId: string | null): void {
    if (!caseId) return;
    this.mailDue(new Date(), caseId).catch((err: unknown) =>
      this.logger.warn({ err, caseId }, 'satisfaction survey not mailed now; the survey mail job tries again'),
    );
  }

  /**
   * Tries every survey mail due by `now` (only `caseId`'s when given), one survey per transaction:
   * it is locked (SKIP LOCKED, so two runs never take the same one), sent, and marked in that
   * transaction, so its mark commits right after its mail went out. A failure later in the run (a
   * mark that fails, a crash) then sends again only the survey it hit, never one already sent, as a
   * batch in one transaction would have; and only one row lock waits on the relay. One the relay
   * refused, or whose contact has no address yet, is due again after a doubling pause, until its
   * link expires (so a run ends). Answers how many went out.
   */
  async mailDue(now: Date, caseId: string | null = null): Promise<number> {
    let mailed = 0;
    for (;;) {
      const outcome = await this.uow.run(SYSTEM_IDENTITY, async (tx) => {
        const [survey] = await this.surveys.lockMailDue(tx, now, 1, caseId);
        if (!survey) return 'none';
        const token = this.links.sign([survey.caseId], survey.expiresAt);
        const result = await this.sender.send({
          caseId: survey.caseId,
          subject: survey.subject,
          contactId: survey.contactId,
          email: survey.email,
          // The console's survey page, which a click opens; it posts the answer to /csat/<token>.
          url: `${this.config.PUBLIC_URL}/portal/survey/${token}`,
          expiresAt: survey.expiresAt,
        });
        if (result === 'sent' || result === 'logged') {
          await this.surveys.mailed(tx, survey.caseId, new Date());
          return 'sent';
        }
        const pause = Math.min(this.config.SURVEY_MAIL_RETRY_MS * 2 ** survey.attempts, MAIL_RETRY_MAX_MS);
        const next = new Date(now.getTime() + pause);
        if (next >= survey.expiresAt) this.logger.warn({ caseId: survey.caseId }, 'satisfaction survey given up: its link expires first');
        await this.surveys.mailFailed(tx, survey.caseId, next < survey.expiresAt ? next : null);
        return 'later';
      });
      if (outcome === 'none') return mailed;
      if (outcome === 'sent') mailed++;
    }
  }

  /**
   * The answer from a survey link: the signed token is the authority (no login). A forged, altered
   * or expired token, a score outside 1–5 or a comment too long is refused naming it, and a second
   * answer is CONFLICT; each writes nothing.
   */
  async answer(token: string, body: unknown): Promise<CaseSatisfactionEntity> {
    const verified = this.links.verify(token);
    if (verified === 'invalid') throw new InvalidError('token', 'is not a survey link this service sent');
    if (verified === 'expired') throw new InvalidError('token', 'has expired: surveys can be answered for a limited time');
    const [caseId] = verified.fields as [string];
    const answer = surveyAnswer(body);
    return this.uow.run(SYSTEM_IDENTITY, async (tx) => {
      const surveyed = await this.surveys.lockSurveyed(tx, caseId);
      if (!surveyed) throw new NotFoundError('survey of case', caseId, 'token');
      if (surveyed.answeredAt) throw new ConflictError('token', 'this survey was answered already: one answer per case');
      await this.surveys.answer(tx, caseId, answer);
      await this.events.publish(tx, CaseSatisfactionSubmitted, {
        caseId,
        customerId: surveyed.customerId,
        subject: surveyed.subject,
        productId: surveyed.productId,
        score: answer.score,
        hasComment: answer.comment !== null,
        answeredAt: answer.answeredAt.toISOString(),
      });
      const [saved] = await this.surveys.byCaseIds(tx, [caseId]);
      return saved!;
    });
  }

  /** For DataLoader: each case's survey, or null, in the order of `caseIds`. */
  async byCaseIds(caller: Identity, caseIds: readonly string[]): Promise<(CaseSatisfactionEntity | null)[]> {
    const found = await this.uow.run(caller, (tx) => this.surveys.byCaseIds(tx, caseIds));
    const byId = new Map(found.map((s) => [s.caseId, s]));
    return caseIds.map((id) => byId.get(id) ?? null);
  }
}

/** The posted JSON `{ "score": 1-5, "comment"?: string }`, checked field by field. */
function surveyAnswer(body: unknown): SurveyAnswer {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidError('body', 'must be a JSON object such as {"score": 5, "comment": "..."}');
  }
  const { score, comment } = body as { score?: unknown; comment?: unknown };
  if (typeof score !== 'number' || !Number.isInteger(score) || score < 1 || score > 5) {
    throw new InvalidError('score', 'must be a whole number from 1 to 5');
  }
  if (comment !== undefined && comment !== null && typeof comment !== 'string') throw new InvalidError('comment', 'must be text');
  const text = typeof comment === 'string' ? comment.trim() : '';
  if (text.length > CSAT_COMMENT_MAX) throw new InvalidError('comment', `must be at most ${CSAT_COMMENT_MAX} characters`);
  return { score, comment: text || null, answeredAt: new Date() };
}
