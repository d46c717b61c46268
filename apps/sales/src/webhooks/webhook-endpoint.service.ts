import type { Identity } from '@crm/auth';
import {
  SUPERSEDED_BY,
  WebhookEndpointEnabledChanged,
  WebhookEndpointRegistered,
  webhookSigningSecret,
  type PayloadOf,
  type WebhookDeliveryAttempted,
} from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { groupByKeys, isUuid, toConnection, type ConnectionShape } from '@crm/graphql';
import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { SalesConfig } from '../config/sales.config';
import type { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity';
import { WEBHOOK_DELIVERY_CURSORS, WebhookDeliveryAttemptRepository } from './webhook-delivery-attempt.repository';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';
import type { RegisterWebhookEndpointInput, WebhookEndpointsArgs } from './webhook-endpoint.input';
import { WEBHOOK_ENDPOINT_CURSORS, WebhookEndpointRepository } from './webhook-endpoint.repository';
import { checkWebhookUrl } from './webhook-url';

const payload = (e: WebhookEndpointEntity) => ({ endpointId: e.id, url: e.url, eventTypes: e.eventTypes, enabled: e.enabled });

@Injectable()
export class WebhookEndpointService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: WebhookEndpointRepository,
    private readonly attempts: WebhookDeliveryAttemptRepository,
    private readonly events: EventPublisher,
    @Inject(SUBGRAPH_CONFIG) private readonly config: SalesConfig,
  ) {}

  /** Registers an endpoint (its URL checked against SSRF first) and gives its signing secret, once. */
  async register(caller: Identity, input: RegisterWebhookEndpointInput): Promise<{ endpoint: WebhookEndpointEntity; secret: string }> {
    for (const type of input.eventTypes) {
      const next = SUPERSEDED_BY.get(type);
      if (next) throw new InvalidError('eventTypes', `${type} is no longer published: choose ${next.type}, which replaced it`);
    }
    const url = await checkWebhookUrl(input.url, { production: this.config.NODE_ENV === 'production' });
    return this.uow.run(caller, async (tx) => {
      const now = new Date();
      const endpoint: WebhookEndpointEntity = {
        id: randomUUID(),
        url: url.href,
        description: input.description ?? null,
        eventTypes: [...new Set(input.eventTypes)],
        enabled: true,
        createdBy: caller.userId,
        createdAt: now,
        updatedAt: now,
      };
      await this.repo.insert(tx, endpoint);
      await this.events.publish(tx, WebhookEndpointRegistered, { ...payload(endpoint), registeredAt: now.toISOString() });
      return { endpoint, secret: webhookSigningSecret(this.config.WEBHOOK_SECRET, endpoint.id) };
    });
  }

  /** Turns deliveries on again (or off); the same state again changes nothing and publishes nothing. */
  setEnabled(caller: Identity, id: string, enabled: boolean): Promise<WebhookEndpointEntity> {
    return this.uow.run(caller, async (tx) => {
      const changed = await this.changeEnabled(tx, id, enabled);
      if (!changed) throw new NotFoundError('WebhookEndpoint', id, 'id');
      return changed;
    });
  }

  /** The worker stopped delivering to it: disabled here too, so an admin sees it and can enable it again. */
  async disableForFailures(tx: Transaction, id: string): Promise<void> {
    await this.changeEnabled(tx, id, false);
  }

  /** One attempt of the worker's, for the endpoint's delivery log. */
  async logAttempt(tx: Transaction, eventId: string, a: PayloadOf<typeof WebhookDeliveryAttempted>): Promise<void> {
    await this.attempts.insert(tx, {
      id: eventId,
      endpointId: a.endpointId,
      deliveryId: a.deliveryId,
      eventId: a.eventId,
      eventType: a.eventType,
      attempt: a.attempt,
      statusCode: a.statusCode,
      durationMs: a.durationMs,
      error: a.error,
      outcome: a.outcome,
      nextAttemptAt: a.nextAttemptAt ? new Date(a.nextAttemptAt) : null,
      attemptedAt: new Date(a.attemptedAt),
    });
  }

  /** For DataLoader: each endpoint's page of attempts, newest first, in one statement. */
  async deliveryPages(
    endpointIds: readonly string[],
    size: number,
    after: string | undefined,
  ): Promise<ConnectionShape<WebhookDeliveryAttemptEntity>[]> {
    const keyset = after ? WEBHOOK_DELIVERY_CURSORS.decode('NEWEST_FIRST', after) : null;
    const ids = endpointIds.filter(isUuid);
    const rows = ids.length ? await this.attempts.newestByEndpointIds(ids, size + 1, keyset) : [];
    return groupByKeys(endpointIds, rows, (a) => a.endpointId).map((list) =>
      toConnection(
        list,
        size,
        (a) => WEBHOOK_DELIVERY_CURSORS.encode('NEWEST_FIRST', a),
        (a) => a,
      ),
    );
  }

  /** Null when there is no such endpoint; the endpoint as it stands otherwise, its change published once. */
  private async changeEnabled(tx: Transaction, id: string, enabled: boolean): Promise<WebhookEndpointEntity | null> {
    const existing = await this.repo.findForUpdate(tx, id);
    if (!existing || existing.enabled === enabled) return existing;
    const updated = { ...existing, enabled, updatedAt: new Date() };
    await this.repo.setEnabled(tx, id, enabled, updated.updatedAt);
    await this.events.publish(tx, WebhookEndpointEnabledChanged, { ...payload(updated), changedAt: updated.updatedAt.toISOString() });
    return updated;
  }

  find(id: string): Promise<WebhookEndpointEntity | null> {
    return this.repo.find(id);
  }

  page(args: WebhookEndpointsArgs): Promise<ConnectionShape<WebhookEndpointEntity>> {
    return WEBHOOK_ENDPOINT_CURSORS.page({ ...args, sort: 'CREATED_AT_DESC' }, (q) => this.repo.page(q));
  }
}
