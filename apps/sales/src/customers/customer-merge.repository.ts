import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { CustomerMergeEntity } from './customer-merge.entity';

@Injectable()
export class CustomerMergeRepository {
  constructor(@InjectRepository(CustomerMergeEntity) private readonly repo: Repository<CustomerMergeEntity>) {}

  async insert(tx: Transaction, merge: CustomerMergeEntity): Promise<void> {
    await tx.manager.getRepository(CustomerMergeEntity).insert(merge);
  }

  /** The merge that took `mergedId` away, if any. */
  findByMergedId(tx: Transaction, mergedId: string): Promise<CustomerMergeEntity | null> {
    return tx.manager.getRepository(CustomerMergeEntity).findOneBy({ mergedId });
  }

  /**
   * Where a merged customer's records live now: the end of the chain of merges starting at `id`
   * (A into B, then B into C: C). Null when `id` was never merged away.
   *
   * For callers about to write rows of customer `id`: its row is share-locked first, so a merge in
   * flight commits before this answers (and is seen), or starts only after the caller commits (and
   * moves what the caller wrote).
   */
  async survivorOf(tx: Transaction, id: string): Promise<string | null> {
    await tx.manager.query('SELECT 1 FROM customer WHERE id = $1 FOR SHARE', [id]);
    const rows = await tx.manager.query<{ survivor_id: string }[]>(
      `WITH RECURSIVE chain(survivor_id, depth) AS (
         SELECT survivor_id, 1 FROM customer_merge WHERE merged_id = $1
         UNION ALL
         SELECT m.survivor_id, c.depth + 1 FROM customer_merge m JOIN chain c ON m.merged_id = c.survivor_id WHERE c.depth < 100
       )
       SELECT survivor_id FROM chain ORDER BY depth DESC LIMIT 1`,
      [id],
    );
    return rows[0]?.survivor_id ?? null;
  }

  /** The merges into each customer, newest first, in one statement. */
  intoCustomers(survivorIds: readonly string[]): Promise<CustomerMergeEntity[]> {
    return this.repo.find({ where: { survivorId: Any(survivorIds) }, order: { survivorId: 'ASC', mergedAt: 'DESC', id: 'DESC' } });
  }
}
