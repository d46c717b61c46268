import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { CustomerAliasRepository } from '../customer-merges/customer-alias.repository';

/** What every sales opportunity event says of it; `closedAt` only on a win or a loss. */
export interface OpportunityState {
  opportunityId: string;
  customerId: string;
  status: string;
  partnerId: string | null;
  amount: { amount: string; currency: string };
  closedAt?: string;
}

/** The read model of sales' opportunities: upserted from their events, asked only "does this customer have an open one?". */
@Injectable()
export class OpenOpportunityRepository {
  constructor(private readonly aliases: CustomerAliasRepository) {}

  /** An event about a customer merged away since (still in flight on its topic) counts for the survivor. */
  async record(tx: Transaction, o: OpportunityState): Promise<void> {
    const customerId = await this.aliases.current(tx, o.customerId);
    await tx.manager.query(
      `INSERT INTO open_opportunity (opportunity_id, customer_id, status, partner_id, amount, currency, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (opportunity_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, status = EXCLUDED.status,
         partner_id = EXCLUDED.partner_id, amount = EXCLUDED.amount, currency = EXCLUDED.currency, closed_at = EXCLUDED.closed_at`,
      [o.opportunityId, customerId, o.status, o.partnerId, o.amount.amount, o.amount.currency, o.closedAt ?? null],
    );
  }

  async hasOpen(tx: Transaction, customerId: string): Promise<boolean> {
    const rows = await tx.manager.query<unknown[]>(`SELECT 1 FROM open_opportunity WHERE customer_id = $1 AND status = 'OPEN' LIMIT 1`, [
      customerId,
    ]);
    return rows.length > 0;
  }
}
