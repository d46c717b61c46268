import { scopedPartnerId } from '@crm/auth';
import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { Any, type Repository } from 'typeorm';
import { PartnerUserEntity } from './partner-user.entity';

/** The people at partners: partner-scoped rows, filtered by the caller's partner here and by row-level security. */
@Injectable()
export class PartnerUserRepository {
  private on(tx: Transaction): Repository<PartnerUserEntity> {
    return tx.manager.getRepository(PartnerUserEntity);
  }

  /** Adds the user unless their user id is taken (by this partner or another); false when it is. */
  async insertIfAbsent(tx: Transaction, user: PartnerUserEntity): Promise<boolean> {
    const rows = await tx.manager.query<{ user_id: string }[]>(
      `INSERT INTO partner_user (partner_id, user_id, name, email, added_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING user_id`,
      [user.partnerId, user.userId, user.name, user.email, user.addedAt],
    );
    return rows.length === 1;
  }

  async delete(tx: Transaction, partnerId: string, userId: string): Promise<boolean> {
    // TypeORM answers a DELETE as [rows, affectedCount].
    const [, affected] = await tx.manager.query<[unknown[], number]>('DELETE FROM partner_user WHERE partner_id = $1 AND user_id = $2', [
      partnerId,
      userId,
    ]);
    return affected === 1;
  }

  countByPartner(tx: Transaction, partnerId: string): Promise<number> {
    return this.on(tx).countBy({ partnerId });
  }

  /** Each partner's users by name, in one statement for any number of partners. */
  byPartnerIds(tx: Transaction, partnerIds: readonly string[]): Promise<PartnerUserEntity[]> {
    const own = scopedPartnerId(tx.caller);
    const visible = own ? partnerIds.filter((id) => id === own) : [...partnerIds];
    if (!visible.length) return Promise.resolve([]);
    return this.on(tx).find({ where: { partnerId: Any(visible) }, order: { partnerId: 'ASC', name: 'ASC', userId: 'ASC' } });
  }
}
