import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { KnownContactEntity } from './known-contact.entity';

@Injectable()
export class KnownContactRepository {
  constructor(@InjectRepository(KnownContactEntity) private readonly repo: Repository<KnownContactEntity>) {}

  find(id: string): Promise<KnownContactEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /**
   * Added or updated: the contact belongs to `customerId`. An older event than the one recorded
   * changes nothing, so a replay or a late redelivery never undoes a later move or deletion.
   */
  async upsert(tx: Transaction, id: string, customerId: string, at: Date): Promise<void> {
    await tx.manager.query(
      `INSERT INTO known_contact (id, customer_id, deleted_at, changed_at) VALUES ($1, $2, NULL, $3)
       ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, changed_at = EXCLUDED.changed_at
       WHERE known_contact.changed_at <= EXCLUDED.changed_at AND known_contact.deleted_at IS NULL`,
      [id, customerId, at],
    );
  }

  async deleted(tx: Transaction, id: string, customerId: string, at: Date): Promise<void> {
    await tx.manager.query(
      `INSERT INTO known_contact (id, customer_id, deleted_at, changed_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at, changed_at = EXCLUDED.changed_at`,
      [id, customerId, at],
    );
  }

  /** A customer merge moved these contacts to the survivor. */
  async moved(tx: Transaction, ids: string[], customerId: string, at: Date): Promise<void> {
    if (!ids.length) return;
    await tx.manager.query(
      `INSERT INTO known_contact (id, customer_id, deleted_at, changed_at) SELECT unnest($1::uuid[]), $2, NULL, $3
       ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, changed_at = EXCLUDED.changed_at
       WHERE known_contact.deleted_at IS NULL`,
      [ids, customerId, at],
    );
  }
}
