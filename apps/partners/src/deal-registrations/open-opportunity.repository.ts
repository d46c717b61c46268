import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';

/** The read model of sales' opportunities: upserted from their events, asked only "does this customer have an open one?". */
@Injectable()
export class OpenOpportunityRepository {
  async record(tx: Transaction, opportunityId: string, customerId: string, status: string): Promise<void> {
    await tx.manager.query(
      `INSERT INTO open_opportunity (opportunity_id, customer_id, status) VALUES ($1, $2, $3)
       ON CONFLICT (opportunity_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, status = EXCLUDED.status`,
      [opportunityId, customerId, status],
    );
  }

  async hasOpen(tx: Transaction, customerId: string): Promise<boolean> {
    const rows = await tx.manager.query<unknown[]>(`SELECT 1 FROM open_opportunity WHERE customer_id = $1 AND status = 'OPEN' LIMIT 1`, [
      customerId,
    ]);
    return rows.length > 0;
  }
}
