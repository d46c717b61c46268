import type { Transaction } from '@crm/database';
import { KeysetCursors, type Keyset } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity';

/** An endpoint's attempts page newest first. */
export const WEBHOOK_DELIVERY_CURSORS = new KeysetCursors('deliveries', { NEWEST_FIRST: { attemptedAt: 'timestamp', id: 'uuid' } });
export type WebhookDeliveryKeyset = Keyset<(typeof WEBHOOK_DELIVERY_CURSORS.sorts)['NEWEST_FIRST']>;

@Injectable()
export class WebhookDeliveryAttemptRepository {
  constructor(@InjectRepository(WebhookDeliveryAttemptEntity) private readonly repo: Repository<WebhookDeliveryAttemptEntity>) {}

  /** A redelivered attempt event adds nothing. */
  async insert(tx: Transaction, attempt: WebhookDeliveryAttemptEntity): Promise<void> {
    await tx.manager.getRepository(WebhookDeliveryAttemptEntity).createQueryBuilder().insert().values(attempt).orIgnore().execute();
  }

  /** The newest `perEndpoint` attempts of each endpoint older than `after` (when given), in one statement for any number of endpoints. */
  newestByEndpointIds(
    endpointIds: readonly string[],
    perEndpoint: number,
    after: WebhookDeliveryKeyset | null,
  ): Promise<WebhookDeliveryAttemptEntity[]> {
    const older = after ? 'AND (r.attempted_at, r.id) < (:afterTime::timestamptz, :afterId::uuid)' : '';
    return this.repo
      .createQueryBuilder('a')
      .where(
        `a.id IN (SELECT id FROM (
           SELECT r.id, row_number() OVER (PARTITION BY r.endpoint_id ORDER BY r.attempted_at DESC, r.id DESC) AS rn
           FROM webhook_delivery_attempt r WHERE r.endpoint_id = ANY(:endpointIds::uuid[]) ${older}
         ) ranked WHERE rn <= :perEndpoint)`,
        { endpointIds, perEndpoint, afterTime: after?.attemptedAt, afterId: after?.id },
      )
      .orderBy('a.endpointId')
      .addOrderBy('a.attemptedAt', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .getMany();
  }
}
