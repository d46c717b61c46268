import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

/** Endpoints page newest first. */
export const WEBHOOK_ENDPOINT_CURSORS = new KeysetCursors('webhookEndpoints', { CREATED_AT_DESC: { createdAt: 'timestamp', id: 'uuid' } });

export interface WebhookEndpointPageQuery {
  after: KeysetOf<typeof WEBHOOK_ENDPOINT_CURSORS.sorts, 'CREATED_AT_DESC'> | null;
  limit: number;
}

@Injectable()
export class WebhookEndpointRepository {
  constructor(@InjectRepository(WebhookEndpointEntity) private readonly repo: Repository<WebhookEndpointEntity>) {}

  async insert(tx: Transaction, endpoint: WebhookEndpointEntity): Promise<void> {
    await tx.manager.getRepository(WebhookEndpointEntity).insert(endpoint);
  }

  findForUpdate(tx: Transaction, id: string): Promise<WebhookEndpointEntity | null> {
    return tx.manager.getRepository(WebhookEndpointEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async setEnabled(tx: Transaction, id: string, enabled: boolean, updatedAt: Date): Promise<void> {
    await tx.manager.getRepository(WebhookEndpointEntity).update({ id }, { enabled, updatedAt });
  }

  find(id: string): Promise<WebhookEndpointEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  page(q: WebhookEndpointPageQuery): Promise<WebhookEndpointEntity[]> {
    const qb = this.repo.createQueryBuilder('w');
    if (q.after) qb.andWhere('(w.createdAt, w.id) < (:createdAt, :id)', { createdAt: q.after.createdAt, id: q.after.id });
    return qb.orderBy('w.createdAt', 'DESC').addOrderBy('w.id', 'DESC').limit(q.limit).getMany();
  }
}
