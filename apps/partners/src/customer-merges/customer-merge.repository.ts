import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { lockCustomers } from './customer-alias.repository';

/** A partner's link to the merged-away customer, as it was before the merge moved it. */
export interface MovedLink {
  partnerId: string;
  partnerName: string;
  linkedAt: Date;
  /** The partner was linked to the survivor already: its two links became that one. */
  survivorLinked: boolean;
}

/** What following one merge changed: counts for the log, and the links it moved, for their events. */
export interface MergeFollowed {
  survivorId: string;
  movedLinks: MovedLink[];
  links: number;
  registrations: number;
  commissions: number;
  opportunities: number;
  leads: number;
}

/**
 * Re-keys partners' rows of a customer sales merged away to the survivor. Runs as the consumer
 * (an internal caller, `*`), so row-level security lets it see and move every partner's rows, and
 * every policy still holds after: rows keep their partner, only the customer changes.
 */
@Injectable()
export class CustomerMergeRepository {
  /**
   * Follows the merge of `mergedId` into `survivorId` (or into whatever that was merged into since):
   * records the alias, moves links, registrations, commissions, opportunities and distributed
   * leads, and drops the merged customer's name (its links now show the survivor's). A partner
   * linked to both keeps one link, from the earlier of the two. Answers the links it moved, as they
   * were, for the service to publish their events. Null when there is nothing to do:
   * the merge was followed before (a replay), or the chain leads back to `mergedId`.
   */
  async follow(tx: Transaction, mergedId: string, survivorId: string, mergedAt: Date): Promise<MergeFollowed | null> {
    await lockCustomers(tx, [mergedId, survivorId]);
    const [end] = await tx.manager.query<{ survivor: string }[]>(
      'SELECT coalesce((SELECT survivor_id FROM customer_alias WHERE merged_id = $1), $1::uuid) AS survivor',
      [survivorId],
    );
    const survivor = end!.survivor;
    if (survivor === mergedId) return null;
    const recorded = await tx.manager.query<unknown[]>(
      'INSERT INTO customer_alias (merged_id, survivor_id, merged_at) VALUES ($1, $2, $3) ON CONFLICT (merged_id) DO NOTHING RETURNING merged_id',
      [mergedId, survivor, mergedAt],
    );
    if (recorded.length === 0) return null;
    // Customers merged into `mergedId` before now end at the survivor too.
    await tx.manager.query('UPDATE customer_alias SET survivor_id = $2 WHERE survivor_id = $1', [mergedId, survivor]);

    // Read before the links move: which partners the merged-away customer loses, and which of them
    // the survivor gains (those not linked to it already). Under both customers' locks, so no link
    // comes or goes between this and the moves below.
    const movedLinks = (
      await tx.manager.query<{ partner_id: string; name: string; linked_at: Date; survivor_linked: boolean }[]>(
        `SELECT m.partner_id, p.name, m.linked_at, (s.partner_id IS NOT NULL) AS survivor_linked
         FROM partner_customer_link m
         JOIN partner p ON p.id = m.partner_id
         LEFT JOIN partner_customer_link s ON s.customer_id = $2 AND s.partner_id = m.partner_id
         WHERE m.customer_id = $1 ORDER BY m.partner_id`,
        [mergedId, survivor],
      )
    ).map((r) => ({ partnerId: r.partner_id, partnerName: r.name, linkedAt: new Date(r.linked_at), survivorLinked: r.survivor_linked }));
    await tx.manager.query(
      `UPDATE partner_customer_link s SET linked_at = LEAST(s.linked_at, m.linked_at)
       FROM partner_customer_link m WHERE s.customer_id = $2 AND m.customer_id = $1 AND m.partner_id = s.partner_id`,
      [mergedId, survivor],
    );
    await tx.manager.query(
      `DELETE FROM partner_customer_link m USING partner_customer_link s
       WHERE m.customer_id = $1 AND s.customer_id = $2 AND s.partner_id = m.partner_id`,
      [mergedId, survivor],
    );
    const moved = async (table: string): Promise<number> => {
      // TypeORM answers an UPDATE as [rows, affectedCount].
      const [, affected] = await tx.manager.query<[unknown[], number]>(`UPDATE ${table} SET customer_id = $2 WHERE customer_id = $1`, [
        mergedId,
        survivor,
      ]);
      return affected;
    };
    const result: MergeFollowed = {
      survivorId: survivor,
      movedLinks,
      links: await moved('partner_customer_link'),
      registrations: await moved('deal_registration'),
      commissions: await moved('commission'),
      opportunities: await moved('open_opportunity'),
      leads: await moved('distributed_lead'),
    };
    await tx.manager.query('DELETE FROM customer_name WHERE customer_id = $1', [mergedId]);
    return result;
  }
}
