import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { CustomerEntity } from './customer.entity';
import { CustomerSort, type CustomerFilter } from './customer.input';

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface CustomerPageQuery {
  filter: CustomerFilter;
  sort: CustomerSort;
  /** Sort values of the last row of the previous page. */
  after: (string | number)[] | null;
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
    return this.repo.findBy({ id: In([...ids]) });
  }

  async update(
    tx: Transaction,
    id: string,
    patch: Partial<Pick<CustomerEntity, 'name' | 'domain' | 'tier' | 'ownerId' | 'tags' | 'updatedAt'>>,
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
    if (q.filter.tag) qb.andWhere(':tag = ANY(c.tags)', { tag: q.filter.tag });
    if (q.sort === CustomerSort.NAME_ASC) {
      if (q.after) qb.andWhere('(c.name, c.id) > (:afterName, :afterId)', { afterName: q.after[0], afterId: q.after[1] });
      qb.orderBy('c.name', 'ASC').addOrderBy('c.id', 'ASC');
    } else {
      if (q.after) qb.andWhere('(c.createdAt, c.id) < (:afterTime, :afterId)', { afterTime: q.after[0], afterId: q.after[1] });
      qb.orderBy('c.createdAt', 'DESC').addOrderBy('c.id', 'DESC');
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
    if (email) conditions.push('c.id IN (SELECT k.customer_id FROM contact k WHERE k.email = :email)');
    if (domain) conditions.push('c.domain = :domain');
    return qb
      .where(`(${conditions.join(' OR ')})`, { email, domain })
      .orderBy('c.createdAt', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit)
      .getMany();
  }
}
