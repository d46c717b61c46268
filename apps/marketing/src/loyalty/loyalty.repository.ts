import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { LoyaltyAccountEntity } from './loyalty-account.entity';
import { LoyaltyEntryEntity } from './loyalty-entry.entity';
import { LoyaltyProgrammeEntity } from './loyalty-programme.entity';

/** The programme's row: there is one. */
export const PROGRAMME_ID = 1;

@Injectable()
export class LoyaltyRepository {
  constructor(
    @InjectRepository(LoyaltyProgrammeEntity) private readonly programmes: Repository<LoyaltyProgrammeEntity>,
    @InjectRepository(LoyaltyAccountEntity) private readonly accounts: Repository<LoyaltyAccountEntity>,
  ) {}

  programme(tx?: Transaction): Promise<LoyaltyProgrammeEntity | null> {
    return (tx ? tx.manager.getRepository(LoyaltyProgrammeEntity) : this.programmes).findOneBy({ id: PROGRAMME_ID });
  }

  async saveProgramme(tx: Transaction, p: LoyaltyProgrammeEntity): Promise<void> {
    await tx.manager.upsert(LoyaltyProgrammeEntity, p, ['id']);
  }

  /** The customer's account, made on first use and locked: one customer's lines are written one at a time. */
  async lockAccount(tx: Transaction, customerId: string, at: Date): Promise<LoyaltyAccountEntity> {
    await tx.manager.query(
      `INSERT INTO loyalty_account (customer_id, balance, tier, updated_at) VALUES ($1, 0, NULL, $2) ON CONFLICT (customer_id) DO NOTHING`,
      [customerId, at],
    );
    return (await tx.manager.findOne(LoyaltyAccountEntity, { where: { customerId }, lock: { mode: 'pessimistic_write' } }))!;
  }

  async saveAccount(tx: Transaction, account: LoyaltyAccountEntity): Promise<void> {
    await tx.manager.update(LoyaltyAccountEntity, { customerId: account.customerId }, account);
  }

  /** Appends a line unless its source key was seen (the same win delivered again); answers whether it did. */
  async append(tx: Transaction, entry: LoyaltyEntryEntity): Promise<boolean> {
    const result = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(LoyaltyEntryEntity)
      .values(entry)
      .orIgnore()
      .returning('id')
      .execute();
    return (result.raw as unknown[]).length === 1;
  }

  /**
   * Points earned before `cutoff` that are still unspent: spending takes the oldest points first, so
   * it is what was earned before the cutoff less everything spent (redeemed or expired) so far.
   */
  async expirable(tx: Transaction, customerId: string, cutoff: Date): Promise<number> {
    const [row] = await tx.manager.query<{ points: number }[]>(
      `SELECT greatest(0, coalesce(sum(points) FILTER (WHERE points > 0 AND occurred_at < $2), 0) + coalesce(sum(points) FILTER (WHERE points < 0), 0))::int AS points
       FROM loyalty_entry WHERE customer_id = $1`,
      [customerId, cutoff],
    );
    return row!.points;
  }

  /** Customers with points earned before `cutoff` still unspent, after `after` in id order. */
  async withExpirable(cutoff: Date, after: string | null, limit: number): Promise<string[]> {
    const rows = await this.accounts.query<{ customer_id: string }[]>(
      `SELECT customer_id FROM loyalty_entry
       WHERE ($2::uuid IS NULL OR customer_id > $2)
       GROUP BY customer_id
       HAVING coalesce(sum(points) FILTER (WHERE points > 0 AND occurred_at < $1), 0) + coalesce(sum(points) FILTER (WHERE points < 0), 0) > 0
       ORDER BY customer_id LIMIT $3`,
      [cutoff, after, limit],
    );
    return rows.map((r) => r.customer_id);
  }

  /** Points earned since `since`, by customer: what tiers are reached by. */
  async earnedSince(customerIds: readonly string[], since: Date, tx?: Transaction): Promise<Map<string, number>> {
    const rows = await (tx ? tx.manager : this.accounts.manager).query<{ customer_id: string; points: number }[]>(
      `SELECT customer_id, sum(points)::int AS points FROM loyalty_entry
       WHERE customer_id = ANY($1::uuid[]) AND points > 0 AND occurred_at >= $2 GROUP BY customer_id`,
      [customerIds, since],
    );
    return new Map(rows.map((r) => [r.customer_id, r.points]));
  }

  accountsOf(customerIds: readonly string[]): Promise<LoyaltyAccountEntity[]> {
    return this.accounts
      .createQueryBuilder('a')
      .where('a.customerId = ANY(:ids)', { ids: [...customerIds] })
      .getMany();
  }

  /** The newest `perCustomer` lines of each customer, in one statement. */
  newestEntries(customerIds: readonly string[], perCustomer: number): Promise<LoyaltyEntryEntity[]> {
    return this.accounts.manager
      .createQueryBuilder(LoyaltyEntryEntity, 'e')
      .where(
        `e.id IN (SELECT id FROM (
           SELECT x.id, row_number() OVER (PARTITION BY x.customer_id ORDER BY x.occurred_at DESC, x.id DESC) AS rn
           FROM loyalty_entry x WHERE x.customer_id = ANY(CAST(:ids AS uuid[]))
         ) ranked WHERE rn <= :perCustomer)`,
        { ids: [...customerIds], perCustomer },
      )
      .orderBy('e.occurredAt', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .getMany();
  }
}
