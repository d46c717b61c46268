import { scopedPartnerId } from '@crm/auth';
import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { Any, type Repository } from 'typeorm';
import { PartnerTier } from '../partners/partner.enums';
import { DistributedLeadEntity } from './distributed-lead.entity';
import { DistributedLeadStatus, LeadOfferStatus } from './lead-distribution.enums';
import { LeadOfferEntity } from './lead-offer.entity';

/** Newest first: (offeredAt, id). */
export const LEAD_OFFER_CURSORS = new KeysetCursors('leadOffers', {
  OFFERED_AT_DESC: { offeredAt: 'timestamp', id: 'uuid' },
});

export type LeadOfferKeyset = KeysetOf<typeof LEAD_OFFER_CURSORS.sorts, 'OFFERED_AT_DESC'>;

/** A partner's choice for a lead: the partner, the rule that chose it and how long it has to answer. */
export interface NextPartner {
  partnerId: string;
  ruleId: string;
  acceptWithinSeconds: number;
}

/** Lowest first: a rule's minimum tier admits that tier and every tier after it. */
const TIERS = [PartnerTier.REGISTERED, PartnerTier.SILVER, PartnerTier.GOLD, PartnerTier.PLATINUM];

/** How long an accepted lead counts against a partner's capacity. */
const CAPACITY_WINDOW = '30 days';

/** Whether rule `r` takes lead `l`: by its territory (empty takes every lead) and its product. */
const ruleTakesLead = (r: string, l: string): string =>
  `(cardinality(${r}.territory) = 0 OR ${l}.country = ANY(${r}.territory) OR ${l}.region = ANY(${r}.territory))
    AND (${r}.product_id IS NULL OR ${r}.product_id = ${l}.product_id)`;

/**
 * The next partner for a lead, in one statement: rules by priority; under a rule, ACTIVE partners of
 * at least its tier whose territory covers the lead's country or region, and, when the rule names
 * a territory or product, leads that match it; never a partner this lead was offered to before;
 * only partners holding fewer leads than the rule's capacity (pending offers, and leads accepted
 * in the capacity window). Round-robin: the partner offered any lead longest ago (or never) first.
 */
const NEXT_PARTNER_SQL = `
  SELECT p.id AS "partnerId", r.id AS "ruleId", r.accept_within_seconds AS "acceptWithinSeconds"
  FROM distributed_lead l
  JOIN lead_distribution_rule r ON r.active AND ${ruleTakesLead('r', 'l')}
  JOIN partner p ON p.status = 'ACTIVE'
    AND array_position($2::text[], p.tier) >= array_position($2::text[], r.minimum_tier)
    AND (l.country = ANY(p.territory) OR l.region = ANY(p.territory))
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE o.status = 'PENDING' OR (o.status = 'ACCEPTED' AND o.decided_at > $3::timestamptz - interval '${CAPACITY_WINDOW}')) AS held,
           max(o.offered_at) AS last_offered_at,
           bool_or(o.lead_id = l.lead_id) AS offered_before
    FROM lead_offer o WHERE o.partner_id = p.id
  ) h ON true
  WHERE l.lead_id = $1 AND NOT coalesce(h.offered_before, false) AND coalesce(h.held, 0) < r.capacity
  ORDER BY r.priority, r.id, h.last_offered_at ASC NULLS FIRST, p.id
  LIMIT 1`;

/** Routed leads and their offers. Offers are filtered by the caller's partner here and by row-level security. */
@Injectable()
export class LeadOfferRepository {
  private offers(tx: Transaction): Repository<LeadOfferEntity> {
    return tx.manager.getRepository(LeadOfferEntity);
  }

  private leads(tx: Transaction): Repository<DistributedLeadEntity> {
    return tx.manager.getRepository(DistributedLeadEntity);
  }

  /**
   * Serialises choosing partners until the transaction ends, so two leads distributed at once
   * cannot both count the same free capacity (a transaction-scoped advisory lock).
   */
  async lockDistribution(tx: Transaction): Promise<void> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('lead-distribution', 0))`);
  }

  /** Records a routed lead; false when it was routed before (a redelivered event). */
  async insertLead(tx: Transaction, lead: DistributedLeadEntity): Promise<boolean> {
    const rows = await tx.manager.query<unknown[]>(
      `INSERT INTO distributed_lead (lead_id, customer_id, company, country, region, product_id, industry, employee_count, status, partner_id, routed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (lead_id) DO NOTHING RETURNING lead_id`,
      [
        lead.leadId,
        lead.customerId,
        lead.company,
        lead.country,
        lead.region,
        lead.productId,
        lead.industry,
        lead.employeeCount,
        lead.status,
        lead.partnerId,
        lead.routedAt,
      ],
    );
    return rows.length > 0;
  }

  findLead(tx: Transaction, leadId: string): Promise<DistributedLeadEntity | null> {
    return this.leads(tx).findOneBy({ leadId });
  }

  /** The lead, locked until the transaction ends, so a re-offer and the job do not both offer it. */
  findLeadForUpdate(tx: Transaction, leadId: string): Promise<DistributedLeadEntity | null> {
    return this.leads(tx).findOne({ where: { leadId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Sets the UNASSIGNED leads the rule takes waiting for a partner again (ROUTING); how many. */
  async retryUnassigned(tx: Transaction, ruleId: string): Promise<number> {
    const [row] = await tx.manager.query<{ n: number }[]>(
      `WITH retried AS (
         UPDATE distributed_lead l SET status = $2 FROM lead_distribution_rule r
         WHERE r.id = $1 AND l.status = $3 AND ${ruleTakesLead('r', 'l')}
         RETURNING l.lead_id)
       SELECT count(*)::int AS n FROM retried`,
      [ruleId, DistributedLeadStatus.ROUTING, DistributedLeadStatus.UNASSIGNED],
    );
    return row!.n;
  }

  async saveLead(tx: Transaction, lead: DistributedLeadEntity): Promise<void> {
    await this.leads(tx).save(lead);
  }

  /** Leads waiting for their next partner, locked; a lead another run holds is skipped. */
  lockWaiting(tx: Transaction, limit: number): Promise<DistributedLeadEntity[]> {
    return this.leads(tx)
      .createQueryBuilder('l')
      .where('l.status = :status', { status: DistributedLeadStatus.ROUTING })
      .orderBy('l.routedAt', 'ASC')
      .addOrderBy('l.leadId', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async nextPartner(tx: Transaction, leadId: string, now: Date): Promise<NextPartner | null> {
    const rows = await tx.manager.query<NextPartner[]>(NEXT_PARTNER_SQL, [leadId, TIERS, now]);
    return rows[0] ?? null;
  }

  async insertOffer(tx: Transaction, offer: LeadOfferEntity): Promise<void> {
    await this.offers(tx).insert(offer);
  }

  async saveOffer(tx: Transaction, offer: LeadOfferEntity): Promise<void> {
    await this.offers(tx).save(offer);
  }

  /** The offer, locked until the transaction ends, so two answers to it apply one after the other. */
  findForUpdate(tx: Transaction, id: string): Promise<LeadOfferEntity | null> {
    const partnerId = scopedPartnerId(tx.caller);
    return this.offers(tx).findOne({ where: partnerId ? { id, partnerId } : { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * PENDING offers past their time at `now`, oldest first, locked; rows another run has locked are
   * skipped, so two instances of the expiry job never expire one twice.
   */
  lockExpirable(tx: Transaction, now: Date, limit: number): Promise<LeadOfferEntity[]> {
    return this.offers(tx)
      .createQueryBuilder('o')
      .innerJoinAndSelect('o.lead', 'l')
      .where('o.status = :status', { status: LeadOfferStatus.PENDING })
      .andWhere('o.expiresAt <= :now', { now })
      .orderBy('o.expiresAt', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write', undefined, ['o'])
      .setOnLocked('skip_locked')
      .getMany();
  }

  findByIds(tx: Transaction, ids: readonly string[]): Promise<LeadOfferEntity[]> {
    const partnerId = scopedPartnerId(tx.caller);
    return this.offers(tx).find({
      where: partnerId ? { id: Any([...ids]), partnerId } : { id: Any([...ids]) },
      relations: { lead: true },
    });
  }

  /** One keyset page, newest first, optionally of one status. */
  page(tx: Transaction, status: LeadOfferStatus | undefined, after: LeadOfferKeyset | null, limit: number): Promise<LeadOfferEntity[]> {
    const qb = this.offers(tx).createQueryBuilder('o').innerJoinAndSelect('o.lead', 'l');
    const partnerId = scopedPartnerId(tx.caller);
    if (partnerId) qb.andWhere('o.partnerId = :partnerId', { partnerId });
    if (status) qb.andWhere('o.status = :status', { status });
    if (after) qb.andWhere('(o.offeredAt, o.id) < (:t, :id)', { t: after.offeredAt, id: after.id });
    return qb.orderBy('o.offeredAt', 'DESC').addOrderBy('o.id', 'DESC').limit(limit).getMany();
  }
}
