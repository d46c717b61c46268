import { LOGGER, type Logger } from '@crm/observability';
import { Inject, Injectable } from '@nestjs/common';

/** A survey link for a case's contact. */
export interface SurveyLink {
  caseId: string;
  contactId: string;
  url: string;
  expiresAt: Date;
}

/**
 * Delivers survey links. Service has no mail path of its own (marketing's SMTP sender lives in
 * marketing, and apps do not import apps), so for now the link is logged for the contact, which is
 * what development needs; mailing it is the next step, and only this class changes for it.
 */
@Injectable()
export class SurveySender {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  send(link: SurveyLink): void {
    this.logger.info(
      { caseId: link.caseId, contactId: link.contactId, surveyUrl: link.url, expiresAt: link.expiresAt.toISOString() },
      'satisfaction survey link for the case contact (logged: service sends no email yet)',
    );
  }
}
