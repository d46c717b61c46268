import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';

@Injectable()
export class CustomerTierRepository {
  /** Records the tier sales gave the customer at `at`, unless a later change is already recorded (a replay never rolls it back). */
  async record(tx: Transaction, customerId: string, tier: number | null, at: Date): Promise<void> {
    await tx.manager.query(
      `INSERT INTO customer_tier (customer_id, tier, changed_at) VALUES ($1, $2, $3)
       ON CONFLICT (customer_id) DO UPDATE SET tier = EXCLUDED.tier, changed_at = EXCLUDED.changed_at
       WHERE customer_tier.changed_at <= EXCLUDED.changed_at`,
      [customerId, tier, at],
    );
  }

  /** The customer's tier; null when it has none or no event about it has arrived yet. */
  async tierOf(tx: Transaction, customerId: string): Promise<number | null> {
    const [row] = await tx.manager.query<{ tier: number | null }[]>('SELECT tier FROM customer_tier WHERE customer_id = $1', [customerId]);
    return row?.tier ?? null;
  }
}
