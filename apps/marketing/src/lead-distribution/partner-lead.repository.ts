import { scopedPartnerId } from '@crm/auth';
import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { Any, IsNull, type FindOptionsWhere, type Repository } from 'typeorm';
import { PartnerLeadEntity } from './partner-lead.entity';

/** Newest routed first: (routedAt, leadId). */
export const PARTNER_LEAD_CURSORS = new KeysetCursors('partnerLeads', {
  ROUTED_AT_DESC: { routedAt: 'timestamp', leadId: 'uuid' },
});

type PartnerLeadKeyset = KeysetOf<typeof PARTNER_LEAD_CURSORS.sorts, 'ROUTED_AT_DESC'>;

/**
 * Routed leads. A partner caller is filtered to the leads it accepted, here and by row-level
 * security; an internal caller sees every routed lead.
 */
@Injectable()
export class PartnerLeadRepository {
  private on(tx: Transaction): Repository<PartnerLeadEntity> {
    return tx.manager.getRepository(PartnerLeadEntity);
  }

  async insert(tx: Transaction, routed: PartnerLeadEntity): Promise<void> {
    await this.on(tx).insert(routed);
  }

  exists(tx: Transaction, leadId: string): Promise<boolean> {
    return this.on(tx).existsBy({ leadId });
  }

  /** Records the partner that accepted the lead; once: a later acceptance (there is none by design) changes nothing. */
  async assign(tx: Transaction, leadId: string, partnerId: string, at: Date): Promise<void> {
    await this.on(tx).update({ leadId, partnerId: IsNull() }, { partnerId, acceptedAt: at });
  }

  private scope(tx: Transaction): FindOptionsWhere<PartnerLeadEntity> {
    const partnerId = scopedPartnerId(tx.caller);
    return partnerId ? { partnerId } : {};
  }

  findByIds(tx: Transaction, ids: readonly string[]): Promise<PartnerLeadEntity[]> {
    return this.on(tx).find({ where: { leadId: Any([...ids]), ...this.scope(tx) }, relations: { lead: true } });
  }

  page(tx: Transaction, after: PartnerLeadKeyset | null, limit: number): Promise<PartnerLeadEntity[]> {
    const qb = this.on(tx).createQueryBuilder('pl').innerJoinAndSelect('pl.lead', 'l');
    const partnerId = scopedPartnerId(tx.caller);
    if (partnerId) qb.andWhere('pl.partnerId = :partnerId', { partnerId });
    if (after) qb.andWhere('(pl.routedAt, pl.leadId) < (:t, :id)', { t: after.routedAt, id: after.leadId });
    return qb.orderBy('pl.routedAt', 'DESC').addOrderBy('pl.leadId', 'DESC').limit(limit).getMany();
  }
}
