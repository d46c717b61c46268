import { LOGGER, type Logger } from '@crm/observability';
import { smtpTransport, SUBGRAPH_CONFIG, type MailTransport } from '@crm/subgraph';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AnalyticsConfig } from '../config/analytics.config';
import type { DigestMail } from './notification-digest-mail';

/** A digest is sent while its user's row is locked: a relay that stops answering is a refusal after this long, not ten minutes. */
const SEND_TIMEOUT_MS = 30_000;

/**
 * Hands digests to the SMTP relay at SMTP_URL, the one marketing's campaign mail and service's
 * surveys go through. It never throws: a refusal is reported for the caller to try again later.
 */
@Injectable()
export class NotificationDigestSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly transport: MailTransport | null;

  constructor(
    @Inject(SUBGRAPH_CONFIG) private readonly config: AnalyticsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.transport = smtpTransport(config.SMTP_URL, { timeoutMs: SEND_TIMEOUT_MS });
  }

  /** Without a relay nothing can be sent, and nothing is marked sent: the digests wait for one. */
  get configured(): boolean {
    return this.transport !== null;
  }

  onApplicationBootstrap(): void {
    if (!this.transport && this.config.NOTIFICATION_DIGEST_ENABLED) {
      this.logger.warn('SMTP_URL is not set: notification email digests are not sent');
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }

  async send(userId: string, to: string, mail: DigestMail): Promise<'sent' | 'refused'> {
    if (!this.transport) return 'refused';
    try {
      await this.transport.sendMail({
        from: this.config.EMAIL_FROM,
        to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: { 'X-CRM-User': userId },
      });
      return 'sent';
    } catch (err) {
      this.logger.warn({ err, userId }, 'SMTP refused a notification digest; it is tried again later');
      return 'refused';
    }
  }
}
