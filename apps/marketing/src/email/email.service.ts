import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { UnitOfWork } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { Injectable } from '@nestjs/common';
import { CampaignRepository } from '../campaigns/campaign.repository';
import { CampaignStatus } from '../campaigns/campaign.enums';
import type { EmailSendEntity } from './email-send.entity';
import type { EmailTemplateEntity } from './email-template.entity';
import { checkTemplate, prepareTemplate } from './email-template.renderer';
import { EmailMessageStatus, EmailSendStatus } from './email.enums';
import type { CreateEmailTemplateInput, ScheduleCampaignSendInput } from './email.input';
import type { EmailSendCounts } from './email.object';
import { EmailRepository } from './email.repository';

@Injectable()
export class EmailService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly email: EmailRepository,
    private readonly campaigns: CampaignRepository,
  ) {}

  createTemplate(caller: Identity, input: CreateEmailTemplateInput): Promise<EmailTemplateEntity> {
    checkTemplate('subject', input.subject, false);
    checkTemplate('html', input.html, true);
    if (input.text) checkTemplate('text', input.text, false);
    const now = new Date();
    const template: EmailTemplateEntity = {
      id: randomUUID(),
      name: input.name,
      subject: input.subject,
      html: input.html,
      text: input.text ?? null,
      createdAt: now,
      updatedAt: now,
    };
    return this.uow.run(caller, async (tx) => {
      await this.email.insertTemplate(tx, template);
      return template;
    });
  }

  /** Schedules the campaign's email to every member; the sender takes it from there. */
  schedule(caller: Identity, input: ScheduleCampaignSendInput): Promise<EmailSendEntity> {
    return this.uow.run(caller, async (tx) => {
      const campaign = await this.campaigns.find(tx, input.campaignId);
      if (!campaign) throw new NotFoundError('Campaign', input.campaignId, 'campaignId');
      if (campaign.status === CampaignStatus.COMPLETED || campaign.status === CampaignStatus.ABORTED) {
        throw new InvalidError('campaignId', `the campaign is ${campaign.status.toLowerCase()}`);
      }
      const template = await this.email.findTemplate(tx, input.templateId);
      if (!template) throw new NotFoundError('EmailTemplate', input.templateId, 'templateId');
      const prepared = prepareTemplate(template);
      const now = new Date();
      const send: EmailSendEntity = {
        id: randomUUID(),
        campaignId: campaign.id,
        templateId: template.id,
        subject: prepared.subject,
        html: prepared.html,
        text: prepared.text,
        links: prepared.links,
        status: EmailSendStatus.SCHEDULED,
        scheduledAt: input.scheduledAt ?? now,
        completedAt: null,
        createdAt: now,
      };
      await this.email.insertSend(tx, send);
      return send;
    });
  }

  async templatesByIds(ids: readonly string[]): Promise<(EmailTemplateEntity | null)[]> {
    const byId = new Map((await this.email.templatesByIds(ids)).map((t) => [t.id, t]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async sendsByIds(ids: readonly string[]): Promise<(EmailSendEntity | null)[]> {
    const byId = new Map((await this.email.sendsByIds(ids)).map((s) => [s.id, s]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** For DataLoader: each send's message counts, in one statement. */
  async counts(sendIds: readonly string[]): Promise<EmailSendCounts[]> {
    const rows = await this.email.counts(sendIds);
    return sendIds.map((id) => {
      const n = (status: EmailMessageStatus) => rows.find((r) => r.send_id === id && r.status === status)?.n ?? 0;
      return {
        sending: n(EmailMessageStatus.SENDING),
        sent: n(EmailMessageStatus.SENT),
        skipped: n(EmailMessageStatus.SKIPPED),
        failed: n(EmailMessageStatus.FAILED),
      };
    });
  }
}
