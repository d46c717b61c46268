import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { CustomerEntity } from './customer.entity';
import { COMPANY_SIZES, LIFECYCLE_STAGES } from './customer.enums';
import { CustomerSort, type CustomerFilter } from './customer.input';

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const rank = (column: string, values: readonly string[]): string =>
  `array_position(ARRAY[${values.map((v) => `'${v}'`).join(', ')}]::text[], ${column})`;

/**
 * Sorts on a derived key that may be NULL, ascending, NULLs last. The ranks follow the enums'
 * declared order (SIZE_DESC ranks the largest band first).
 */
const SORT_KEYS: Partial<Record<CustomerSort, { sql: string; of: (c: CustomerEntity) => string | number | null }>> = {
  [CustomerSort.INDUSTRY_ASC]: { sql: 'lower(c.industry)', of: (c) => c.industry?.toLowerCase() ?? null },
  [CustomerSort.SIZE_DESC]: {
    sql: rank('c.size', [...COMPANY_SIZES].reverse()),
    of: (c) => (c.size ? [...COMPANY_SIZES].reverse().indexOf(c.size) + 1 : null),
  },
  [CustomerSort.LIFECYCLE_STAGE_ASC]: {
    sql: rank('c.lifecycleStage', LIFECYCLE_STAGES),
    of: (c) => LIFECYCLE_STAGES.indexOf(c.lifecycleStage) + 1,
  },
};

/** The sort values each order pages by; the derived keys of SORT_KEYS are `key`. */
export const CUSTOMER_CURSORS = new KeysetCursors('customers', {
  [CustomerSort.CREATED_AT_DESC]: { createdAt: 'timestamp', id: 'uuid' },
  [CustomerSort.UPDATED_AT_DESC]: { updatedAt: 'timestamp', id: 'uuid' },
  [CustomerSort.NAME_ASC]: { name: 'string', id: 'uuid' },
  [CustomerSort.INDUSTRY_ASC]: { key: 'string?', id: 'uuid' },
  [CustomerSort.SIZE_DESC]: { key: 'integer?', id: 'uuid' },
  [CustomerSort.LIFECYCLE_STAGE_ASC]: { key: 'integer?', id: 'uuid' },
});

export type CustomerKeyset = KeysetOf<typeof CUSTOMER_CURSORS.sorts, CustomerSort>;

/** The cursor of a row under a sort. */
export function customerCursor(c: CustomerEntity, sort: CustomerSort): string {
  const key = SORT_KEYS[sort];
  return CUSTOMER_CURSORS.encode(sort, key ? ({ key: key.of(c), id: c.id } as never) : c);
}

export interface CustomerSearchRow {
  id: string;
  /** pg_trgm similarity of the best-matching field, 0 to 1. */
  score: number;
  name: boolean;
  domain: boolean;
  email: boolean;
}

export interface CustomerPageQuery {
  filter: CustomerFilter;
  /** The owners `ownedBy` keeps; null keeps every owner. */
  ownerIn: string[] | null;
  sort: CustomerSort;
  /** Sort values of the last row of the previous page. */
  after: CustomerKeyset | null;
  limit: number;
}

@Injectable()
export class CustomerRepository {
  constructor(@InjectRepository(CustomerEntity) private readonly repo: Repository<CustomerEntity>) {}

  private on(tx?: Transaction): Repository<CustomerEntity> {
    return tx ? tx.manager.getRepository(CustomerEntity) : this.repo;
  }

  async insert(tx: Transaction, customer: CustomerEntity): Promise<void> {
    await this.on(tx).insert(customer);
  }

  /** INSERT ... ON CONFLICT DO NOTHING, for ids minted elsewhere (lead conversion): true when this call created the row. */
  async insertIfAbsent(tx: Transaction, customer: CustomerEntity): Promise<boolean> {
    const result = await this.on(tx).createQueryBuilder().insert().values(customer).orIgnore().returning('id').execute();
    return (result.raw as unknown[]).length === 1;
  }

  findById(id: string, tx?: Transaction): Promise<CustomerEntity | null> {
    return this.on(tx).findOneBy({ id });
  }

  /** Row-locked read, for read-modify-write inside a transaction; `withDeleted` to reach a soft-deleted row. */
  findByIdForUpdate(tx: Transaction, id: string, withDeleted = false): Promise<CustomerEntity | null> {
    return this.on(tx).findOne({ where: { id }, withDeleted, lock: { mode: 'pessimistic_write' } });
  }

  async setDeletedAt(tx: Transaction, id: string, deletedAt: Date | null): Promise<void> {
    await this.on(tx).update({ id }, { deletedAt, updatedAt: deletedAt ?? new Date() });
  }

  findByIds(ids: readonly string[]): Promise<CustomerEntity[]> {
    return this.repo.findBy({ id: Any(ids) });
  }

  async update(
    tx: Transaction,
    id: string,
    patch: Partial<Omit<CustomerEntity, 'id' | 'contacts' | 'createdAt' | 'deletedAt'>>,
  ): Promise<void> {
    await this.on(tx).update({ id }, patch);
  }

  /** One keyset page: cost does not grow with how deep the page is. */
  page(q: CustomerPageQuery): Promise<CustomerEntity[]> {
    const qb = this.repo.createQueryBuilder('c');
    if (q.filter.nameContains) qb.andWhere(`c.name ILIKE :name ESCAPE '\\'`, { name: `%${escapeLike(q.filter.nameContains)}%` });
    if (q.filter.kind) qb.andWhere('c.kind = :kind', { kind: q.filter.kind });
    if (q.filter.domain) qb.andWhere('c.domain = :domain', { domain: q.filter.domain });
    if (q.filter.tier !== undefined) qb.andWhere('c.tier = :tier', { tier: q.filter.tier });
    if (q.filter.ownerId) qb.andWhere('c.ownerId = :ownerId', { ownerId: q.filter.ownerId });
    if (q.ownerIn) qb.andWhere('c.ownerId = ANY(:ownerIn)', { ownerIn: q.ownerIn });
    if (q.filter.tag) qb.andWhere(':tag = ANY(c.tags)', { tag: q.filter.tag });
    if (q.filter.industry) qb.andWhere('lower(c.industry) = lower(:industry)', { industry: q.filter.industry });
    if (q.filter.sizes?.length) qb.andWhere('c.size IN (:...sizes)', { sizes: q.filter.sizes });
    if (q.filter.lifecycleStages?.length) qb.andWhere('c.lifecycleStage IN (:...stages)', { stages: q.filter.lifecycleStages });
    const key = SORT_KEYS[q.sort];
    if (key) {
      // (key, id) ascending with NULL keys last.
      if (q.after && 'key' in q.after) {
        const { key: afterKey, id: afterId } = q.after;
        if (afterKey === null) qb.andWhere(`(${key.sql} IS NULL AND c.id > :afterId)`, { afterId });
        else qb.andWhere(`(${key.sql} IS NULL OR (${key.sql}, c.id) > (:afterKey, :afterId))`, { afterKey, afterId });
      }
      qb.orderBy(key.sql, 'ASC', 'NULLS LAST').addOrderBy('c.id', 'ASC');
    } else if (q.sort === CustomerSort.NAME_ASC) {
      if (q.after && 'name' in q.after)
        qb.andWhere('(c.name, c.id) > (:afterName, :afterId)', { afterName: q.after.name, afterId: q.after.id });
      qb.orderBy('c.name', 'ASC').addOrderBy('c.id', 'ASC');
    } else {
      const column = q.sort === CustomerSort.UPDATED_AT_DESC ? 'c.updatedAt' : 'c.createdAt';
      const afterTime = q.after && ('updatedAt' in q.after ? q.after.updatedAt : 'createdAt' in q.after ? q.after.createdAt : null);
      if (q.after && afterTime) qb.andWhere(`(${column}, c.id) < (:afterTime, :afterId)`, { afterTime, afterId: q.after.id });
      qb.orderBy(column, 'DESC').addOrderBy('c.id', 'DESC');
    }
    return qb.limit(q.limit).getMany();
  }

  /**
   * Customers sharing a contact email or the domain. Emails and domains are stored lower-cased, so plain equality on
   * contact_email_idx and customer_domain_idx is the case-insensitive match.
   */
  findDuplicates(email: string | null, domain: string | null, limit: number): Promise<CustomerEntity[]> {
    const qb = this.repo.createQueryBuilder('c');
    const conditions: string[] = [];
    if (email) {
      conditions.push(`c.id IN (SELECT k.customer_id FROM contact k WHERE k.email = :email
        UNION SELECT k.customer_id FROM contact_email e JOIN contact k ON k.id = e.contact_id WHERE e.address = :email)`);
    }
    if (domain) conditions.push('c.domain = :domain');
    return qb
      .where(`(${conditions.join(' OR ')})`, { email, domain })
      .orderBy('c.createdAt', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /**
   * Customers whose name, domain or a contact's email contains `term` (or whose name is close to it), best match
   * first. Each branch of the UNION is answered by a trigram index, so this does not scan the tables.
   */
  async search(term: string, limit: number): Promise<CustomerSearchRow[]> {
    const rows = await this.repo.query<{ id: string; score: number; name_match: boolean; domain_match: boolean; email_match: boolean }[]>(
      `WITH by_email AS (
         SELECT k.customer_id AS id, max(similarity(e.address, $1)) AS score
         FROM contact_email e JOIN contact k ON k.id = e.contact_id
         WHERE e.address ILIKE $2 ESCAPE '\\'
         GROUP BY k.customer_id
       ), hits AS (
         SELECT id FROM customer WHERE name ILIKE $2 ESCAPE '\\' OR name % $1 OR domain ILIKE $2 ESCAPE '\\'
         UNION SELECT id FROM by_email
       )
       SELECT c.id,
              greatest(similarity(c.name, $1), coalesce(similarity(c.domain, $1), 0), coalesce(be.score, 0))::float8 AS score,
              (c.name ILIKE $2 ESCAPE '\\' OR c.name % $1) AS name_match,
              coalesce(c.domain ILIKE $2 ESCAPE '\\', false) AS domain_match,
              be.id IS NOT NULL AS email_match
       FROM hits h
       JOIN customer c ON c.id = h.id AND c.deleted_at IS NULL
       LEFT JOIN by_email be ON be.id = c.id
       ORDER BY score DESC, c.name, c.id
       LIMIT $3`,
      [term, `%${escapeLike(term)}%`, limit],
    );
    return rows.map((r) => ({ id: r.id, score: Number(r.score), name: r.name_match, domain: r.domain_match, email: r.email_match }));
  }
}
