import { scopedPartnerId } from '@crm/auth';
import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { Any, QueryFailedError, type Repository } from 'typeorm';
import { PartnerEntity } from './partner.entity';
import { PartnerSort, type PartnerFilter } from './partner.input';

const isUniqueViolation = (e: unknown, constraint: string): boolean =>
  e instanceof QueryFailedError &&
  (e.driverError as { code?: string; constraint?: string }).code === '23505' &&
  (e.driverError as { constraint?: string }).constraint === constraint;

/** $1..$8 of the insert and the update: id, then the profile columns in table order. */
const profileParams = (p: PartnerEntity): unknown[] => [p.id, p.name, p.nameKey, p.kind, p.tier, p.status, p.territory, p.channelManagerId];

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The sort values each order pages by: (nameKey), unique, or (createdAt, id). */
export const PARTNER_CURSORS = new KeysetCursors('partners', {
  [PartnerSort.NAME_ASC]: { nameKey: 'string' },
  [PartnerSort.CREATED_AT_DESC]: { createdAt: 'timestamp', id: 'uuid' },
});

export type PartnerKeyset = KeysetOf<typeof PARTNER_CURSORS.sorts, PartnerSort>;

export interface PartnerPageQuery {
  filter: PartnerFilter;
  sort: PartnerSort;
  after: PartnerKeyset | null;
  limit: number;
}

/**
 * Partner rows. Reads run in the caller's transaction (the UnitOfWork scopes it), and a partner
 * caller is filtered to its own row here as well as by row-level security.
 */
@Injectable()
export class PartnerRepository {
  private on(tx: Transaction): Repository<PartnerEntity> {
    return tx.manager.getRepository(PartnerEntity);
  }

  /** Inserts the partner unless one has the same name key; false when the name is taken (race-free). */
  async insertIfNameFree(tx: Transaction, partner: PartnerEntity): Promise<boolean> {
    const rows = await tx.manager.query<{ id: string }[]>(
      `INSERT INTO partner (id, name, name_key, kind, tier, status, territory, channel_manager_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (name_key) DO NOTHING RETURNING id`,
      [...profileParams(partner), partner.createdAt],
    );
    return rows.length === 1;
  }

  /** The partner, locked until the transaction ends, so concurrent updates apply one after the other. */
  findForUpdate(tx: Transaction, id: string): Promise<PartnerEntity | null> {
    return this.on(tx).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Writes the partner's profile unless its name key belongs to another partner; false when it does. */
  async updateIfNameFree(tx: Transaction, partner: PartnerEntity): Promise<boolean> {
    // NOT EXISTS settles the usual case; the unique index settles two renames racing to one name.
    // TypeORM answers an UPDATE as [rows, affectedCount].
    const [, affected] = await tx.manager
      .query<[unknown[], number]>(
        `UPDATE partner SET name = $2, name_key = $3, kind = $4, tier = $5, status = $6, territory = $7, channel_manager_id = $8
       WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM partner o WHERE o.name_key = $3 AND o.id <> $1)`,
        profileParams(partner),
      )
      .catch((e: unknown) => {
        if (isUniqueViolation(e, 'partner_name_key')) return [[], 0] as [unknown[], number];
        throw e;
      });
    return affected === 1;
  }

  findById(tx: Transaction, id: string): Promise<PartnerEntity | null> {
    return this.findByIds(tx, [id]).then((rows) => rows[0] ?? null);
  }

  findByIds(tx: Transaction, ids: readonly string[]): Promise<PartnerEntity[]> {
    const partnerId = scopedPartnerId(tx.caller);
    const visible = partnerId ? ids.filter((id) => id === partnerId) : [...ids];
    return visible.length ? this.on(tx).findBy({ id: Any(visible) }) : Promise.resolve([]);
  }

  /** One keyset page: cost does not grow with how deep the page is. */
  page(tx: Transaction, q: PartnerPageQuery): Promise<PartnerEntity[]> {
    const qb = this.on(tx).createQueryBuilder('p');
    const partnerId = scopedPartnerId(tx.caller);
    if (partnerId) qb.andWhere('p.id = :partnerId', { partnerId });
    if (q.filter.nameContains) qb.andWhere(`p.name ILIKE :name ESCAPE '\\'`, { name: `%${escapeLike(q.filter.nameContains)}%` });
    if (q.filter.kind) qb.andWhere('p.kind = :kind', { kind: q.filter.kind });
    if (q.filter.tier) qb.andWhere('p.tier = :tier', { tier: q.filter.tier });
    if (q.filter.status) qb.andWhere('p.status = :status', { status: q.filter.status });
    if (q.sort === PartnerSort.CREATED_AT_DESC) {
      if (q.after?.sort === PartnerSort.CREATED_AT_DESC) {
        qb.andWhere('(p.createdAt, p.id) < (:afterTime, :afterId)', { afterTime: q.after.createdAt, afterId: q.after.id });
      }
      qb.orderBy('p.createdAt', 'DESC').addOrderBy('p.id', 'DESC');
    } else {
      if (q.after?.sort === PartnerSort.NAME_ASC) qb.andWhere('p.nameKey > :afterName', { afterName: q.after.nameKey });
      qb.orderBy('p.nameKey', 'ASC');
    }
    return qb.limit(q.limit).getMany();
  }
}
