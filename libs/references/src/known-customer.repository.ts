import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { KnownCustomerEntity, KnownCustomerState } from './known-customer.entity';

@Injectable()
export class KnownCustomerRepository {
  constructor(@InjectRepository(KnownCustomerEntity) private readonly repo: Repository<KnownCustomerEntity>) {}

  find(id: string): Promise<KnownCustomerEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** A created customer is live unless a later state is already recorded (a replay never resurrects one). */
  async created(tx: Transaction, id: string, at: Date): Promise<void> {
    await tx.manager.query(
      `INSERT INTO known_customer (id, state, survivor_id, changed_at) VALUES ($1, $2, NULL, $3) ON CONFLICT (id) DO NOTHING`,
      [id, KnownCustomerState.LIVE, at],
    );
  }

  /** Deleted or restored; a merged customer stays merged, as it does in sales (a merge cannot be undone). */
  async setState(tx: Transaction, id: string, state: KnownCustomerState.LIVE | KnownCustomerState.DELETED, at: Date): Promise<void> {
    await tx.manager.query(
      `INSERT INTO known_customer (id, state, survivor_id, changed_at) VALUES ($1, $2, NULL, $3)
       ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, changed_at = EXCLUDED.changed_at
       WHERE known_customer.state <> $4`,
      [id, state, at, KnownCustomerState.MERGED],
    );
  }

  /** `mergedId` now lives on as `survivorId`, and so does every customer merged into it before. */
  async merged(tx: Transaction, mergedId: string, survivorId: string, at: Date): Promise<void> {
    await tx.manager.query(
      `INSERT INTO known_customer (id, state, survivor_id, changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, survivor_id = EXCLUDED.survivor_id, changed_at = EXCLUDED.changed_at`,
      [mergedId, KnownCustomerState.MERGED, survivorId, at],
    );
    await tx.manager.query(`UPDATE known_customer SET survivor_id = $1 WHERE survivor_id = $2`, [survivorId, mergedId]);
  }
}
