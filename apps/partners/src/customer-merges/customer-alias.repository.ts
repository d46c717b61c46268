import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';

/**
 * The customer a write keyed by `customerId` belongs to now. Every writer of a customer-keyed row
 * asks here first, in its own transaction: it takes the customer's lock (the one a merge takes)
 * BEFORE reading the alias, so a merge committing meanwhile is either seen here or sees the row the
 * writer adds, and re-points it. Without the lock, a row written between the two would keep the
 * merged-away id for good.
 */
@Injectable()
export class CustomerAliasRepository {
  async current(tx: Transaction, customerId: string): Promise<string> {
    await lockCustomers(tx, [customerId]);
    const [row] = await tx.manager.query<{ survivor_id: string }[]>('SELECT survivor_id FROM customer_alias WHERE merged_id = $1', [
      customerId,
    ]);
    return row?.survivor_id ?? customerId;
  }
}

/** Transaction-scoped locks on customers' partners rows, taken in one order so two takers never deadlock. */
export async function lockCustomers(tx: Transaction, customerIds: string[]): Promise<void> {
  for (const id of [...new Set(customerIds)].sort()) {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('partners-customer:' || $1, 0))`, [id]);
  }
}
