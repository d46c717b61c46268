import { setTimeout as sleep } from 'node:timers/promises';
import { SYSTEM_IDENTITY } from '@crm/auth';
import { EmailSent } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { EventPublisher } from '@crm/events';
import { LOGGER, type Logger } from '@crm/observability';
import { IntervalJob, smtpTransport, SUBGRAPH_CONFIG, type MailTransport } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import { CampaignMemberService } from '../campaigns/campaign-member.service';
import { CampaignRepository } from '../campaigns/campaign.repository';
import type { MarketingConfig } from '../config/marketing.config';
import { TrackingLinks } from '../tracking/tracking-links';
import { about } from '../tracking/tracking.service';
import type { EmailSendEntity } from './email-send.entity';
import { renderMessage } from './email-template.renderer';
import { EmailMessageStatus, EmailSendStatus } from './email.enums';
import { EmailRepository, type OutgoingMessage } from './email.repository';

/**
 * Sends what is due, one batch at a time, at EMAIL_SEND_RATE at most:
 * 1. record the batch's messages (SENDING, or SKIPPED without consent) and commit: the record comes first;
 * 2. hand them to the SMTP relay, each with its row id as Message-ID;
 * 3. mark them SENT, move their members to SENT and publish email.sent, in one transaction.
 * A crash after 1 leaves SENDING rows, sent again with the same Message-ID once EMAIL_SENDING_LEASE_MS has passed;
 * a member with a row is never recorded again, so nobody gets a second message id and nobody is skipped.
 */
@Injectable()
export class EmailSenderJob extends IntervalJob<void> {
  private readonly transport: MailTransport | null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly email: EmailRepository,
    private readonly campaigns: CampaignRepository,
    private readonly members: CampaignMemberService,
    private readonly events: EventPublisher,
    private readonly links: TrackingLinks,
    @Inject(SUBGRAPH_CONFIG) private readonly config: MarketingConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    const transport = smtpTransport(config.SMTP_URL, { pooled: true });
    // Without a relay there is nothing to send through: the job does not run (bootstrap says so).
    super({ name: 'campaign send', enabled: transport !== null, intervalMs: config.EMAIL_POLL_MS }, logger);
    this.transport = transport;
  }

  override onApplicationBootstrap(): void {
    if (!this.transport) this.logger.warn('SMTP_URL is not set: campaign sends are scheduled but not sent');
    super.onApplicationBootstrap();
  }

  /** The pool closes only once the batch in progress has been handed over and recorded. */
  override async onApplicationShutdown(): Promise<void> {
    await super.onApplicationShutdown();
    this.transport?.close();
  }

  /** Every due send, to the end, or until shutdown begins (a batch is never cut in half). */
  protected async work(): Promise<void> {
    for (const id of await this.email.dueSendIds(10)) {
      while (!this.stopping && (await this.nextBatch(id))) {
        /* one batch per turn, until the send is done */
      }
    }
  }

  protected report(): void {
    // Each message is a row and an email.sent event: a run has nothing more to log.
  }

  /** One batch of one send; false when the send is finished or another sender holds it. */
  private async nextBatch(sendId: string): Promise<boolean> {
    const started = Date.now();
    const size = Math.min(this.config.EMAIL_BATCH_SIZE, this.config.EMAIL_SEND_RATE);
    const claimed = await this.uow.run(SYSTEM_IDENTITY, async (tx) => {
      const send = await this.email.lockSend(tx, sendId);
      if (!send || send.status === EmailSendStatus.COMPLETED) return null;
      const outgoing = await this.email.reclaimStale(tx, send.id, this.config.EMAIL_SENDING_LEASE_MS, size);
      let recorded = 0;
      if (outgoing.length < size) {
        const next = await this.email.recordNext(tx, send.id, send.campaignId, size - outgoing.length);
        outgoing.push(...next.outgoing);
        recorded = next.recorded;
      }
      if (!outgoing.length && !recorded) {
        // Every member has a message: done once none is still being handed over elsewhere.
        if (!(await this.email.hasUnfinished(tx, send.id)))
          await this.email.setSendStatus(tx, send.id, EmailSendStatus.COMPLETED, new Date());
        return null;
      }
      if (send.status === EmailSendStatus.SCHEDULED) await this.email.setSendStatus(tx, send.id, EmailSendStatus.SENDING, null);
      return { send, outgoing };
    });
    if (!claimed) return false;
    await this.deliver(claimed.send, claimed.outgoing);
    // At most EMAIL_SEND_RATE messages a second.
    const due = (claimed.outgoing.length / this.config.EMAIL_SEND_RATE) * 1000 - (Date.now() - started);
    if (due > 0) await sleep(due);
    return true;
  }

  private async deliver(send: EmailSendEntity, outgoing: OutgoingMessage[]): Promise<void> {
    if (!outgoing.length) return;
    const transport = this.transport!;
    const campaign = await this.uow.run(SYSTEM_IDENTITY, (tx) => this.campaigns.find(tx, send.campaignId));
    const results = await Promise.allSettled(
      outgoing.map((m) => {
        const body = renderMessage(
          send,
          { name: m.name, firstName: m.name?.split(/\s+/)[0] ?? null, company: m.company, email: m.email, campaign: campaign?.name ?? '' },
          this.links.forMessage(m.id),
        );
        return transport.sendMail({
          from: this.config.EMAIL_FROM,
          to: m.email,
          subject: body.subject,
          html: body.html,
          text: body.text,
          // The idempotency key travels with the message: a re-send after a crash carries the same id.
          messageId: `<${m.id}@crm.marketing>`,
          headers: { 'X-CRM-Campaign': send.campaignId },
        });
      }),
    );
    const sent = outgoing.filter((_m, i) => results[i]!.status === 'fulfilled');
    const failed = outgoing.filter((_m, i) => results[i]!.status === 'rejected');
    for (const [i, r] of results.entries()) {
      if (r.status === 'rejected')
        this.logger.warn({ err: r.reason as unknown, messageId: outgoing[i]!.id }, 'SMTP refused a campaign message');
    }
    const at = new Date();
    await this.uow.run(SYSTEM_IDENTITY, async (tx) => {
      await this.email.markSent(
        tx,
        sent.map((m) => m.id),
        EmailMessageStatus.SENT,
        at,
      );
      await this.email.markSent(
        tx,
        failed.map((m) => m.id),
        EmailMessageStatus.FAILED,
        at,
      );
      if (campaign)
        await this.members.markSent(
          tx,
          campaign,
          sent.map((m) => m.personId),
          at,
        );
      // One outbox statement for the batch: a statement per message was half of a send's SQL.
      await this.events.publishMany(
        tx,
        EmailSent,
        sent.map((m) => ({
          data: { ...about(m), sentAt: at.toISOString() },
          time: at,
        })),
      );
    });
  }
}
