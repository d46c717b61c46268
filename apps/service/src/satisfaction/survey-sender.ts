import { LOGGER, type Logger } from '@crm/observability';
import { smtpTransport, SUBGRAPH_CONFIG, type MailTransport } from '@crm/subgraph';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ServiceConfig } from '../config/service.config';

/** A survey link for a case's contact. */
export interface SurveyLink {
  caseId: string;
  /** The case's subject, which the mail names so the contact knows which case it asks about. */
  subject: string;
  contactId: string;
  /** The contact's email as sales' events last gave it; null when none is known. */
  email: string | null;
  url: string;
  expiresAt: Date;
}

/** What became of one attempt: mailed, logged (no relay configured), or to be tried again. */
export type SurveySendResult = 'sent' | 'logged' | 'refused' | 'no-email';

/**
 * Mails survey links through the SMTP relay at SMTP_URL, the one marketing's campaign mail goes
 * through (`npm start` points both at its SMTP sink). Without SMTP_URL (development) the link is
 * logged instead, so it can still be opened. It never throws: a relay that refuses, or a contact
 * with no address known yet, is reported for the caller to try again later.
 */
@Injectable()
export class SurveySender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly transport: MailTransport | null;

  constructor(
    @Inject(SUBGRAPH_CONFIG) private readonly config: ServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.transport = smtpTransport(config.SMTP_URL);
  }

  onApplicationBootstrap(): void {
    if (!this.transport) this.logger.warn('SMTP_URL is not set: satisfaction survey links are logged, not mailed');
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }

  async send(link: SurveyLink): Promise<SurveySendResult> {
    const logged = { caseId: link.caseId, contactId: link.contactId, surveyUrl: link.url, expiresAt: link.expiresAt.toISOString() };
    if (!this.transport) {
      this.logger.info(logged, 'satisfaction survey link for the case contact (logged: no SMTP_URL)');
      return 'logged';
    }
    if (!link.email) {
      this.logger.info(logged, 'satisfaction survey link not mailed yet: no email known for the contact; tried again later');
      return 'no-email';
    }
    try {
      await this.transport.sendMail({
        from: this.config.EMAIL_FROM,
        to: link.email,
        subject: `How did we do? ${link.subject}`,
        text: surveyText(link),
        // One survey per case: a message sent again carries the same id.
        messageId: `<survey-${link.caseId}@crm.service>`,
        headers: { 'X-CRM-Case': link.caseId },
      });
      return 'sent';
    } catch (err) {
      this.logger.warn({ err, ...logged }, 'SMTP refused a satisfaction survey; it is tried again later');
      return 'refused';
    }
  }
}

/** Plain text: the case subject is the customer's own words, and text needs no escaping of them. */
function surveyText(link: SurveyLink): string {
  return [
    `Your case "${link.subject}" was resolved.`,
    '',
    'How satisfied are you with how we handled it? Answer in one click (1 to 5, and a comment if you like):',
    link.url,
    '',
    `The link works until ${link.expiresAt.toUTCString()}.`,
  ].join('\n');
}
