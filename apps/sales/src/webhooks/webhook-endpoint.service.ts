import type { Identity } from '@crm/auth';
import { WebhookEndpointEnabledChanged, WebhookEndpointRegistered } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import type { ConnectionShape } from '@crm/graphql';
import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { SalesConfig } from '../config/sales.config';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';
import type { RegisterWebhookEndpointInput, WebhookEndpointsArgs } from './webhook-endpoint.input';
import { WEBHOOK_ENDPOINT_CURSORS, WebhookEndpointRepository } from './webhook-endpoint.repository';
import { webhookSigningSecret } from './webhook-secret';
import { checkWebhookUrl } from './webhook-url';

const payload = (e: WebhookEndpointEntity) => ({ endpointId: e.id, url: e.url, eventTypes: e.eventTypes, enabled: e.enabled });

@Injectable()
export class WebhookEndpointService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: WebhookEndpointRepository,
    private readonly events: EventPublisher,
    @Inject(SUBGRAPH_CONFIG) private readonly config: SalesConfig,
  ) {}

  /** Registers an endpoint (its URL checked against SSRF first) and gives its signing secret, once. */
  async register(caller: Identity, input: RegisterWebhookEndpointInput): Promise<{ endpoint: WebhookEndpointEntity; secret: string }> {
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
      const existing = await this.repo.findForUpdate(tx, id);
      if (!existing) throw new NotFoundError('WebhookEndpoint', id, 'id');
      if (existing.enabled === enabled) return existing;
      const updated = { ...existing, enabled, updatedAt: new Date() };
      await this.repo.setEnabled(tx, id, enabled, updated.updatedAt);
      await this.events.publish(tx, WebhookEndpointEnabledChanged, { ...payload(updated), changedAt: updated.updatedAt.toISOString() });
      return updated;
    });
  }

  page(args: WebhookEndpointsArgs): Promise<ConnectionShape<WebhookEndpointEntity>> {
    return WEBHOOK_ENDPOINT_CURSORS.page({ ...args, sort: 'CREATED_AT_DESC' }, (q) => this.repo.page(q));
  }
}
