import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';

/** The customer_name read model, written only by its consumer; read through the links (PartnerLinkRepository). */
@Injectable()
export class CustomerNameRepository {
  /** Keeps the name unless the one stored is newer: a topic replayed from the start ends at the latest name. */
  async record(tx: Transaction, customerId: string, name: string, changedAt: Date): Promise<void> {
    await tx.manager.query(
      `INSERT INTO customer_name (customer_id, name, changed_at) VALUES ($1, $2, $3)
       ON CONFLICT (customer_id) DO UPDATE SET name = EXCLUDED.name, changed_at = EXCLUDED.changed_at
       WHERE customer_name.changed_at <= EXCLUDED.changed_at`,
      [customerId, name, changedAt],
    );
  }
}
