import { SYSTEM_IDENTITY } from '@crm/auth';
import { EmailClicked, EmailOpened } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { CampaignMemberService } from '../campaigns/campaign-member.service';
import { CampaignRepository } from '../campaigns/campaign.repository';
import { MemberStatus } from '../campaigns/campaign.enums';
import { ConsentChannel, ConsentSource, ConsentStatus, LawfulBasis } from '../consent/consent.enums';
import { ConsentService } from '../consent/consent.service';
import type { EmailMessageEntity } from '../email/email-message.entity';
import { EmailRepository } from '../email/email.repository';
import { TrackingLinks } from './tracking-links';
import type { TrackingKind } from './tracking-token';

const forged = () => new InvalidError('token', 'is not a valid tracking link');

/**
 * What the public tracking links do. Each runs as the system: the caller is anonymous and the
 * signed token is the only authority, so an unsigned or altered one changes nothing.
 */
@Injectable()
export class TrackingService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly links: TrackingLinks,
    private readonly email: EmailRepository,
    private readonly campaigns: CampaignRepository,
    private readonly members: CampaignMemberService,
    private readonly consent: ConsentService,
    private readonly events: EventPublisher,
  ) {}

  async open(token: string): Promise<void> {
    await this.engage(token, 'o', async (tx, message, at) => {
      await this.email.markEngaged(tx, message.id, 'openedAt', at);
      await this.advance(tx, message, MemberStatus.OPENED, at);
      await this.events.publish(tx, EmailOpened, { ...about(message), openedAt: at.toISOString() });
      return null;
    });
  }

  /** The URL the message's template held at that position; never one from the request. */
  click(token: string): Promise<string> {
    return this.engage(token, 'c', async (tx, message, at, link) => {
      const send = await this.email.sendsByIds([message.sendId]);
      const url = send[0]?.links[link];
      if (!url) throw forged();
      await this.email.markEngaged(tx, message.id, 'clickedAt', at);
      await this.advance(tx, message, MemberStatus.CLICKED, at);
      await this.events.publish(tx, EmailClicked, { ...about(message), url, clickedAt: at.toISOString() });
      return url;
    });
  }

  /** Withdraws the address's email consent (the GDPR record says the person followed the link) and marks the member. */
  async unsubscribe(token: string): Promise<void> {
    await this.engage(token, 'u', async (tx, message, at) => {
      await this.consent.record(tx, {
        person: {
          kind: message.personKind,
          id: message.personId,
          email: message.email,
          customerId: message.customerId,
          name: null,
          company: null,
        },
        channel: ConsentChannel.EMAIL,
        status: ConsentStatus.WITHDRAWN,
        source: ConsentSource.UNSUBSCRIBE_LINK,
        sourceId: message.campaignId,
        lawfulBasis: LawfulBasis.CONSENT,
        textShown: null,
      });
      await this.advance(tx, message, MemberStatus.UNSUBSCRIBED, at);
      return null;
    });
  }

  private async engage<T>(
    token: string,
    kind: TrackingKind,
    work: (tx: Transaction, message: EmailMessageEntity, at: Date, link: number) => Promise<T>,
  ): Promise<T> {
    const claim = this.links.tokens.verify(token, kind);
    if (!claim) throw forged();
    return this.uow.run(SYSTEM_IDENTITY, async (tx) => {
      const message = await this.email.findMessage(tx, claim.messageId);
      if (!message) throw forged();
      return work(tx, message, new Date(), claim.link);
    });
  }

  private async advance(tx: Transaction, message: EmailMessageEntity, to: MemberStatus, at: Date): Promise<void> {
    const campaign = await this.campaigns.find(tx, message.campaignId);
    const member = campaign && (await this.campaigns.lockMember(tx, campaign.id, message.personId));
    if (campaign && member) await this.members.advance(tx, campaign, member, to, at);
  }
}

/** What every email event says about its message (sent, opened, clicked...). */
export const about = (m: Pick<EmailMessageEntity, 'id' | 'campaignId' | 'personKind' | 'personId' | 'customerId' | 'email'>) => ({
  messageId: m.id,
  campaignId: m.campaignId,
  personKind: m.personKind,
  personId: m.personId,
  customerId: m.customerId,
  email: m.email,
});
