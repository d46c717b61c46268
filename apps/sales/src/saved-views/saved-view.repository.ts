import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SavedViewEntity } from './saved-view.entity';

@Injectable()
export class SavedViewRepository {
  constructor(@InjectRepository(SavedViewEntity) private readonly views: Repository<SavedViewEntity>) {}

  /**
   * Serialises writes to one user's views of one list, so the 50-view cap and the unique name are
   * checked against what the insert or rename will see (the rows being counted may not exist yet,
   * so no row lock would do).
   */
  async lockOwnerList(tx: Transaction, ownerId: string, list: string): Promise<void> {
    await tx.manager.query("SELECT pg_advisory_xact_lock(hashtext('sales.saved_view'), hashtext($1))", [`${ownerId}:${list}`]);
  }

  countOwned(tx: Transaction, ownerId: string, list: string): Promise<number> {
    return tx.manager.getRepository(SavedViewEntity).countBy({ ownerId, list });
  }

  /** Another of the owner's views on the list with this name, case-insensitively. */
  async nameTaken(tx: Transaction, ownerId: string, list: string, name: string, exceptId?: string): Promise<boolean> {
    const rows = await tx.manager.query<unknown[]>(
      'SELECT 1 FROM saved_view WHERE owner_id = $1 AND list = $2 AND lower(name) = lower($3) AND id IS DISTINCT FROM $4::uuid LIMIT 1',
      [ownerId, list, name, exceptId ?? null],
    );
    return rows.length > 0;
  }

  async insert(tx: Transaction, view: SavedViewEntity): Promise<void> {
    await tx.manager.getRepository(SavedViewEntity).insert(view);
  }

  findForUpdate(tx: Transaction, id: string): Promise<SavedViewEntity | null> {
    return tx.manager.getRepository(SavedViewEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(tx: Transaction, id: string, patch: Partial<SavedViewEntity>): Promise<void> {
    await tx.manager.getRepository(SavedViewEntity).update({ id }, patch);
  }

  async delete(tx: Transaction, id: string): Promise<void> {
    await tx.manager.getRepository(SavedViewEntity).delete({ id });
  }

  /** The owner's views on the list, then up to `sharedMax` shared by others; each group by name. */
  async visibleTo(ownerId: string, list: string, ownMax: number, sharedMax: number): Promise<SavedViewEntity[]> {
    const qb = () => this.views.createQueryBuilder('v').where('v.list = :list', { list }).orderBy('v.name').addOrderBy('v.id');
    const own = await qb().andWhere('v.ownerId = :ownerId', { ownerId }).limit(ownMax).getMany();
    const shared = await qb().andWhere('v.ownerId <> :ownerId AND v.shared', { ownerId }).limit(sharedMax).getMany();
    return [...own, ...shared];
  }
}
