import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import type { Person } from '../people/person';
import type { PersonKind } from '../people/person.enums';
import { CampaignMemberEntity } from './campaign-member.entity';
import { CampaignEntity } from './campaign.entity';
import type { CampaignStatus, CampaignType, MemberStatus } from './campaign.enums';

export enum CampaignSort {
  CREATED_AT_DESC = 'CREATED_AT_DESC',
}
export enum MemberSort {
  ADDED_AT_ASC = 'ADDED_AT_ASC',
}

export const CAMPAIGN_CURSORS = new KeysetCursors('campaigns', { [CampaignSort.CREATED_AT_DESC]: { createdAt: 'timestamp', id: 'uuid' } });
export const MEMBER_CURSORS = new KeysetCursors('campaignMembers', {
  [MemberSort.ADDED_AT_ASC]: { addedAt: 'timestamp', personId: 'uuid' },
});

@Injectable()
export class CampaignRepository {
  constructor(
    @InjectRepository(CampaignEntity) private readonly campaigns: Repository<CampaignEntity>,
    @InjectRepository(CampaignMemberEntity) private readonly members: Repository<CampaignMemberEntity>,
  ) {}

  async insert(tx: Transaction, c: CampaignEntity): Promise<void> {
    await tx.manager.insert(CampaignEntity, c);
  }

  async save(tx: Transaction, c: CampaignEntity): Promise<void> {
    const { id, parent: _parent, ...columns } = c;
    await tx.manager.update(CampaignEntity, { id }, columns);
  }

  lock(tx: Transaction, id: string): Promise<CampaignEntity | null> {
    return tx.manager.findOne(CampaignEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  find(tx: Transaction, id: string): Promise<CampaignEntity | null> {
    return tx.manager.findOneBy(CampaignEntity, { id });
  }

  findByIds(ids: readonly string[]): Promise<CampaignEntity[]> {
    return this.campaigns.findBy({ id: Any([...ids]) });
  }

  /** `id` and every campaign above it, following parents to the top. */
  async lineage(tx: Transaction, id: string): Promise<string[]> {
    const rows = await tx.manager.query<{ id: string }[]>(
      `WITH RECURSIVE up(id, parent_id) AS (
         SELECT id, parent_id FROM campaign WHERE id = $1
         UNION SELECT c.id, c.parent_id FROM campaign c JOIN up ON c.id = up.parent_id
       ) SELECT id FROM up`,
      [id],
    );
    return rows.map((r) => r.id);
  }

  page(q: {
    filter: { type?: CampaignType; status?: CampaignStatus };
    after: KeysetOf<typeof CAMPAIGN_CURSORS.sorts, CampaignSort> | null;
    limit: number;
  }): Promise<CampaignEntity[]> {
    const qb = this.campaigns.createQueryBuilder('c');
    if (q.filter.type) qb.andWhere('c.type = :type', { type: q.filter.type });
    if (q.filter.status) qb.andWhere('c.status = :status', { status: q.filter.status });
    if (q.after) qb.andWhere('(c.createdAt, c.id) < (:t, :id)', { t: q.after.createdAt, id: q.after.id });
    return qb.orderBy('c.createdAt', 'DESC').addOrderBy('c.id', 'DESC').limit(q.limit).getMany();
  }

  /** Adds the people not already members, as TARGETED, in one statement; answers those added. */
  async addMembers(tx: Transaction, campaignId: string, people: readonly Person[], at: Date): Promise<Person[]> {
    if (!people.length) return [];
    const rows = await tx.manager.query<{ person_id: string }[]>(
      `INSERT INTO campaign_member (campaign_id, person_id, person_kind, email, name, company, customer_id, status, added_at, updated_at)
       SELECT $1, p.id, p.kind, p.email, p.name, p.company, p.customer_id, 'TARGETED', $2, $2
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[]) AS p(id, kind, email, name, company, customer_id)
       ON CONFLICT (campaign_id, person_id) DO NOTHING
       RETURNING person_id`,
      [
        campaignId,
        at,
        people.map((p) => p.id),
        people.map((p) => p.kind),
        people.map((p) => p.email),
        people.map((p) => p.name),
        people.map((p) => p.company),
        people.map((p) => p.customerId),
      ],
    );
    const added = new Set(rows.map((r) => r.person_id));
    return people.filter((p) => added.has(p.id));
  }

  lockMember(tx: Transaction, campaignId: string, personId: string): Promise<CampaignMemberEntity | null> {
    return tx.manager.findOne(CampaignMemberEntity, { where: { campaignId, personId }, lock: { mode: 'pessimistic_write' } });
  }

  async setMemberStatus(tx: Transaction, m: { campaignId: string; personId: string }, status: MemberStatus, at: Date): Promise<void> {
    await tx.manager.update(CampaignMemberEntity, { campaignId: m.campaignId, personId: m.personId }, { status, updatedAt: at });
  }

  /** Moves the named members still TARGETED to `to`, in one statement; answers those moved. */
  async advanceTargeted(
    tx: Transaction,
    campaignId: string,
    personIds: readonly string[],
    to: MemberStatus,
    at: Date,
  ): Promise<Pick<CampaignMemberEntity, 'personId' | 'personKind' | 'customerId'>[]> {
    if (!personIds.length) return [];
    const [rows] = await tx.manager.query<[{ person_id: string; person_kind: PersonKind; customer_id: string | null }[], number]>(
      `UPDATE campaign_member SET status = $3, updated_at = $4
       WHERE campaign_id = $1 AND person_id = ANY($2::uuid[]) AND status = 'TARGETED'
       RETURNING person_id, person_kind, customer_id`,
      [campaignId, personIds, to, at],
    );
    return rows.map((r) => ({ personId: r.person_id, personKind: r.person_kind, customerId: r.customer_id }));
  }

  /** Members per campaign and status, one grouped statement for every campaign asked about. */
  async memberCounts(campaignIds: readonly string[]): Promise<{ campaignId: string; status: MemberStatus; count: number }[]> {
    const rows = await this.members
      .createQueryBuilder('m')
      .select('m.campaignId', 'campaignId')
      .addSelect('m.status', 'status')
      .addSelect('count(*)::int', 'count')
      .where('m.campaignId IN (:...campaignIds)', { campaignIds })
      .groupBy('m.campaignId')
      .addGroupBy('m.status')
      .getRawMany<{ campaignId: string; status: MemberStatus; count: number }>();
    return rows;
  }

  memberPage(q: {
    campaignId: string;
    status?: MemberStatus;
    after: KeysetOf<typeof MEMBER_CURSORS.sorts, MemberSort> | null;
    limit: number;
  }): Promise<CampaignMemberEntity[]> {
    const qb = this.members.createQueryBuilder('m').where('m.campaignId = :campaignId', { campaignId: q.campaignId });
    if (q.status) qb.andWhere('m.status = :status', { status: q.status });
    if (q.after) qb.andWhere('(m.addedAt, m.personId) > (:t, :p)', { t: q.after.addedAt, p: q.after.personId });
    return qb.orderBy('m.addedAt', 'ASC').addOrderBy('m.personId', 'ASC').limit(q.limit).getMany();
  }
}
