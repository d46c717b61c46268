import { scopedPartnerId } from '@crm/auth';
import { hydrate, type Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { PartnerCustomerLinkEntity } from './partner-customer-link.entity';
import { PartnerEntity } from './partner.entity';

interface LinkRow {
  partner_id: string;
  customer_id: string;
  linked_at: Date;
  customer_name: string | null;
}

/** A link with its customer's name, as far as partners has heard it from sales (null before). */
export interface LinkWithCustomerName {
  link: PartnerCustomerLinkEntity;
  customerName: string | null;
}

/**
 * Partner–customer links: partner-scoped rows. Reads run in the caller's transaction and filter
 * by the caller's partner (null: an internal caller, every partner); row-level security backs it.
 */
@Injectable()
export class PartnerLinkRepository {
  constructor(@InjectRepository(PartnerCustomerLinkEntity) private readonly links: Repository<PartnerCustomerLinkEntity>) {}

  /** Links the pair unless it already is; false when it was (race-free: a pair is one row). */
  async insertIfAbsent(tx: Transaction, link: PartnerCustomerLinkEntity): Promise<boolean> {
    const rows = await tx.manager.query<{ partner_id: string }[]>(
      `INSERT INTO partner_customer_link (partner_id, customer_id, linked_at) VALUES ($1, $2, $3)
       ON CONFLICT (partner_id, customer_id) DO NOTHING RETURNING partner_id`,
      [link.partnerId, link.customerId, link.linkedAt],
    );
    return rows.length === 1;
  }

  /** Removes the pair's link; false when there was none (or it is not the caller's to see). */
  async delete(tx: Transaction, partnerId: string, customerId: string): Promise<boolean> {
    // TypeORM answers a DELETE as [rows, affectedCount].
    const [, affected] = await tx.manager.query<[unknown[], number]>(
      'DELETE FROM partner_customer_link WHERE partner_id = $1 AND customer_id = $2',
      [partnerId, customerId],
    );
    return affected === 1;
  }

  /** The most recently linked `perCustomer` partners of each customer, in one statement for any number of customers. */
  async newestPartnersByCustomerIds(
    tx: Transaction,
    customerIds: readonly string[],
    perCustomer: number,
  ): Promise<{ customerId: string; partner: PartnerEntity }[]> {
    const rows = await tx.manager.query<(Record<string, unknown> & { customer_id: string })[]>(
      `SELECT l.customer_id, p.id, p.name, p.name_key, p.kind, p.tier, p.status, p.territory, p.channel_manager_id, p.created_at FROM (
         SELECT pcl.*, row_number() OVER (PARTITION BY pcl.customer_id ORDER BY pcl.linked_at DESC, pcl.partner_id DESC) AS rn
         FROM partner_customer_link pcl
         WHERE pcl.customer_id = ANY($1::uuid[]) AND ($3::uuid IS NULL OR pcl.partner_id = $3::uuid)
       ) l JOIN partner p ON p.id = l.partner_id
       WHERE l.rn <= $2 ORDER BY l.customer_id, l.linked_at DESC, l.partner_id DESC`,
      [customerIds, perCustomer, scopedPartnerId(tx.caller)],
    );
    return rows.map((r) => ({
      customerId: r.customer_id,
      partner: hydrate(tx.manager, PartnerEntity, r),
    }));
  }

  /**
   * The most recent `perPartner` customer links of each partner with their customers' names, in one
   * statement for any number of partners. The name comes only through a link the caller sees (and
   * row-level security on customer_name admits a partner only to its linked customers' names).
   */
  async newestLinksByPartnerIds(tx: Transaction, partnerIds: readonly string[], perPartner: number): Promise<LinkWithCustomerName[]> {
    const rows = await tx.manager.query<LinkRow[]>(
      `SELECT l.partner_id, l.customer_id, l.linked_at, n.name AS customer_name FROM (
         SELECT pcl.*, row_number() OVER (PARTITION BY pcl.partner_id ORDER BY pcl.linked_at DESC, pcl.customer_id DESC) AS rn
         FROM partner_customer_link pcl
         WHERE pcl.partner_id = ANY($1::uuid[]) AND ($3::uuid IS NULL OR pcl.partner_id = $3::uuid)
       ) l LEFT JOIN customer_name n ON n.customer_id = l.customer_id
       WHERE l.rn <= $2 ORDER BY l.partner_id, l.linked_at DESC, l.customer_id DESC`,
      [partnerIds, perPartner, scopedPartnerId(tx.caller)],
    );
    return rows.map((r) => ({
      link: this.links.create({ partnerId: r.partner_id, customerId: r.customer_id, linkedAt: r.linked_at }),
      customerName: r.customer_name,
    }));
  }
}
