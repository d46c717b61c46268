import type { Identity } from '@crm/auth';
import { CampaignMemberChanged, type PayloadOf } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import type { ConnectionShape } from '@crm/graphql';
import type { CallerCredential } from '@crm/references';
import { Injectable } from '@nestjs/common';
import type { Person } from '../people/person';
import { PersonRepository } from '../people/person.repository';
import { PersonService } from '../people/person.service';
import { SegmentAudienceRepository } from '../segments/segment-audience.repository';
import type { CampaignMemberEntity } from './campaign-member.entity';
import type { CampaignEntity } from './campaign.entity';
import { ATTENDED_TYPES, CampaignStatus, isAdvance, MemberStatus } from './campaign.enums';
import {
  FILTER_MEMBERS_MAX,
  type AddCampaignMembersInput,
  type CampaignMembersArgs,
  type SetCampaignMemberStatusInput,
} from './campaign.input';
import { CampaignRepository, MEMBER_CURSORS, MemberSort } from './campaign.repository';

/** The statuses staff set by hand; the others follow from sends, links and consent. */
const SET_BY_HAND: readonly MemberStatus[] = [MemberStatus.RESPONDED, MemberStatus.REGISTERED, MemberStatus.ATTENDED];
const CLOSED: readonly CampaignStatus[] = [CampaignStatus.COMPLETED, CampaignStatus.ABORTED];

@Injectable()
export class CampaignMemberService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly campaigns: CampaignRepository,
    private readonly people: PersonService,
    private readonly leads: PersonRepository,
    private readonly events: EventPublisher,
    private readonly segments: SegmentAudienceRepository,
  ) {}

  /** Adds the audience: people by id, the leads a filter matches, or a segment's contacts. A member already there stays as they are. */
  async add(
    caller: Identity,
    input: AddCampaignMembersInput,
    credential: CallerCredential,
  ): Promise<{ added: number; alreadyMembers: number }> {
    if ([input.people, input.leadFilter, input.segmentId].filter(Boolean).length !== 1) {
      throw new InvalidError('people', 'give one of people, a leadFilter or a segmentId');
    }
    // People by id are checked before the transaction (a contact's customer may take a call to
    // sales); a segment's people come from marketing's own read model of analytics' events.
    const named = input.people
      ? await this.people.resolveMany(input.people, 'people', credential)
      : input.segmentId
        ? await this.segmentAudience(input.segmentId)
        : null;
    return this.uow.run(caller, async (tx) => {
      const campaign = await this.campaigns.lock(tx, input.campaignId);
      if (!campaign) throw new NotFoundError('Campaign', input.campaignId, 'campaignId');
      if (CLOSED.includes(campaign.status)) throw new InvalidError('campaignId', `the campaign is ${campaign.status.toLowerCase()}`);
      const audience = named ?? (await this.leads.leadsMatching(tx, input.leadFilter!, FILTER_MEMBERS_MAX));
      const unique = [...new Map(audience.map((p) => [p.id, p])).values()];
      const now = new Date();
      const added = await this.campaigns.addMembers(tx, campaign.id, unique, now);
      for (const person of added) await this.publish(tx, campaign, person, null, MemberStatus.TARGETED, now);
      return { added: added.length, alreadyMembers: audience.length - added.length };
    });
  }

  /** A segment's people as marketing knows them from analytics' and sales' events; a segment it never heard of is NOT_FOUND. */
  private async segmentAudience(segmentId: string): Promise<Person[]> {
    if (!(await this.segments.segmentExists(segmentId))) throw new NotFoundError('Segment', segmentId, 'segmentId');
    return this.segments.people(segmentId, FILTER_MEMBERS_MAX);
  }

  /** Records a response, a registration or an attendance that staff saw. */
  async setStatus(caller: Identity, input: SetCampaignMemberStatusInput): Promise<CampaignMemberEntity> {
    if (!SET_BY_HAND.includes(input.status)) {
      throw new InvalidError('status', `can be set to ${SET_BY_HAND.join(', ')}; the others follow from sends and links`);
    }
    return this.uow.run(caller, async (tx) => {
      const campaign = await this.campaigns.find(tx, input.campaignId);
      if (!campaign) throw new NotFoundError('Campaign', input.campaignId, 'campaignId');
      if (input.status !== MemberStatus.RESPONDED && !ATTENDED_TYPES.includes(campaign.type)) {
        throw new InvalidError('status', `registrations and attendance are for ${ATTENDED_TYPES.join(' and ')} campaigns`);
      }
      const member = await this.campaigns.lockMember(tx, campaign.id, input.personId);
      if (!member) throw new NotFoundError('CampaignMember', input.personId, 'personId');
      await this.advance(tx, campaign, member, input.status);
      return member;
    });
  }

  /**
   * Moves a member forward (see isAdvance) and publishes the change; false when `to` is not news.
   * `member` must be locked by the caller's transaction; it is updated in place.
   */
  async advance(
    tx: Transaction,
    campaign: CampaignEntity,
    member: CampaignMemberEntity,
    to: MemberStatus,
    at = new Date(),
  ): Promise<boolean> {
    if (!isAdvance(member.status, to)) return false;
    const from = member.status;
    await this.campaigns.setMemberStatus(tx, member, to, at);
    member.status = to;
    member.updatedAt = at;
    await this.publish(tx, campaign, { kind: member.personKind, id: member.personId, customerId: member.customerId }, from, to, at);
    return true;
  }

  /** Moves the members a send reached from TARGETED to SENT, publishing each move. */
  async markSent(tx: Transaction, campaign: CampaignEntity, personIds: readonly string[], at: Date): Promise<void> {
    const moved = await this.campaigns.advanceTargeted(tx, campaign.id, personIds, MemberStatus.SENT, at);
    // A whole send batch moves at once: one outbox statement, not one per member.
    await this.events.publishMany(
      tx,
      CampaignMemberChanged,
      moved.map((m) => ({
        data: this.change(
          campaign,
          { kind: m.personKind, id: m.personId, customerId: m.customerId },
          MemberStatus.TARGETED,
          MemberStatus.SENT,
          at,
        ),
        time: at,
      })),
    );
  }

  /**
   * Per campaign (in the order asked), its members at each status, every status listed and a zero
   * where there is none: a count, not a page of members to count (six pages of 100 cost more than
   * the gateway lets one query cost).
   */
  async countsByStatus(campaignIds: readonly string[]): Promise<{ status: MemberStatus; count: number }[][]> {
    const found = new Map<string, number>();
    for (const r of await this.campaigns.memberCounts(campaignIds)) found.set(`${r.campaignId} ${r.status}`, r.count);
    return campaignIds.map((id) => Object.values(MemberStatus).map((status) => ({ status, count: found.get(`${id} ${status}`) ?? 0 })));
  }

  page(campaignId: string, args: CampaignMembersArgs): Promise<ConnectionShape<CampaignMemberEntity>> {
    return MEMBER_CURSORS.page({ ...args, sort: MemberSort.ADDED_AT_ASC }, (q) =>
      this.campaigns.memberPage({ ...q, campaignId, status: args.filter?.status }),
    );
  }

  private async publish(
    tx: Transaction,
    campaign: CampaignEntity,
    person: Pick<Person, 'kind' | 'id' | 'customerId'>,
    from: MemberStatus | null,
    to: MemberStatus,
    at: Date,
  ): Promise<void> {
    await this.events.publish(tx, CampaignMemberChanged, this.change(campaign, person, from, to, at));
  }

  private change(
    campaign: CampaignEntity,
    person: Pick<Person, 'kind' | 'id' | 'customerId'>,
    from: MemberStatus | null,
    to: MemberStatus,
    at: Date,
  ): PayloadOf<typeof CampaignMemberChanged> {
    return {
      campaignId: campaign.id,
      campaignName: campaign.name,
      personKind: person.kind,
      personId: person.id,
      customerId: person.customerId,
      from,
      to,
      changedAt: at.toISOString(),
    };
  }
}
