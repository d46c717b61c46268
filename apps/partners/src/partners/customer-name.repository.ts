import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { lockCustomers } from '../customer-merges/customer-alias.repository';

/** The customer_name read model, written only by its consumer; read through the links (PartnerLinkRepository). */
@Injectable()
export class CustomerNameRepository {
  /** Keeps the name unless the one stored is newer: a topic replayed from the start ends at the latest name. */
  async record(tx: Transaction, customerId: string, name: string, changedAt: Date): Promise<void> {
    // A merged-away customer keeps no name, even when its events reach this consumer group after
    // the merge reached its own: under the customer's lock, as every customer-keyed writer (see
    // CustomerAliasRepository), so a merge committing meanwhile either sees this row or is seen.
    await lockCustomers(tx, [customerId]);
    await tx.manager.query(
      `INSERT INTO customer_name (customer_id, name, changed_at)
       SELECT $1::uuid, $2::text, $3::timestamptz WHERE NOT EXISTS (SELECT 1 FROM customer_alias WHERE merged_id = $1::uuid)
       ON CONFLICT (customer_id) DO UPDATE SET name = EXCLUDED.name, changed_at = EXCLUDED.changed_at
       WHERE customer_name.changed_at <= EXCLUDED.changed_at`,
      [customerId, name, changedAt],
    );
  }
}
