import { SYSTEM_IDENTITY } from '@crm/auth';
import { WebhookDeliveryAttempted, WebhookEndpointFailing, webhookSigningSecret } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { EventPublisher } from '@crm/events';
import { LOGGER, Metrics, type Logger } from '@crm/observability';
import { IntervalJob } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type { WebhooksConfig } from '../config/webhooks.config';
import { WEBHOOKS_CONFIG } from '../config/webhooks-config.token';
import { WebhookEndpointRepository } from '../endpoints/webhook-endpoint.repository';
import { retryDelayMs } from './retry-backoff';
import { WebhookDeliveryRepository, type ClaimedDelivery } from './webhook-delivery.repository';
import { sendWebhook, type SendResult } from './webhook-sender';
import { webhookHeaders } from './webhook-signature';

/** How long past the receiver's timeout a claimed delivery stays leased to this worker. */
const LEASE_MARGIN_MS = 30_000;

/**
 * Sends due deliveries, up to WEBHOOK_CONCURRENCY at once, and records each attempt: the log row
 * and the attempt event (sales' delivery log) commit with the delivery's new state. A failure
 * backs off exponentially; WEBHOOK_DISABLE_AFTER_FAILURES failures in a row disable the endpoint and
 * tell sales, where an admin enables it again.
 */
@Injectable()
export class WebhookDispatcher extends IntervalJob<number> {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly attempts: Counter<'outcome'>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly events: EventPublisher,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
    @Inject(LOGGER) logger: Logger,
    metrics: Metrics,
  ) {
    super({ name: 'webhook dispatch', enabled: true, intervalMs: config.WEBHOOK_DISPATCH_INTERVAL_MS }, logger);
    this.attempts = metrics.counter({
      name: 'webhook_attempts_total',
      help: 'Webhook delivery attempts by outcome',
      labelNames: ['outcome'],
    });
  }

  /** Shutdown waits for the claim in progress (the base) and then for every delivery it started. */
  override async onApplicationShutdown(): Promise<void> {
    await super.onApplicationShutdown();
    await this.idle();
  }

  /** Resolves once nothing is in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** Claims what is due and free slots allow, and starts sending it; answers how many it started. */
  protected work(now: Date): Promise<number> {
    return this.claim(now);
  }

  protected report(): void {
    // Each attempt is a log row, an event and a metric: a run has nothing more to log.
  }

  private async claim(now: Date): Promise<number> {
    const free = this.config.WEBHOOK_CONCURRENCY - this.inFlight.size;
    if (this.stopping || free <= 0) return 0;
    const leaseUntil = new Date(now.getTime() + this.config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS);
    const claimed = await this.uow.run(SYSTEM_IDENTITY, (tx) => this.deliveries.claimDue(tx, now, free, leaseUntil));
    for (const d of claimed) {
      const p: Promise<void> = this.deliver(d)
        .catch((err: unknown) => this.logger.error({ err, deliveryId: d.id }, 'webhook attempt not recorded; retried when its lease ends'))
        .finally(() => {
          this.inFlight.delete(p);
          // A customer's next delivery may be waiting for this one: look again at once.
          if (!this.stopping) void this.tick();
        });
      this.inFlight.add(p);
    }
    return claimed.length;
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    const attemptedAt = new Date();
    const secret = webhookSigningSecret(this.config.WEBHOOK_SECRET, d.endpointId);
    const result = await sendWebhook(d.url, d.body, webhookHeaders(secret, d.eventId, d.body, attemptedAt), {
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      production: this.config.NODE_ENV === 'production',
    });
    await this.record(d, result, attemptedAt);
  }

  private record(d: ClaimedDelivery, result: SendResult, attemptedAt: Date): Promise<void> {
    const attempt = d.attempts + 1;
    const delivered = result.error === null;
    const gaveUp = !delivered && attempt >= this.config.WEBHOOK_MAX_ATTEMPTS;
    const outcome = delivered ? 'DELIVERED' : gaveUp ? 'GAVE_UP' : 'RETRYING';
    this.attempts.inc({ outcome });
    return this.uow.run(SYSTEM_IDENTITY, async (tx) => {
      await this.deliveries.logAttempt(tx, d.id, { attempt, ...result, attemptedAt });
      let nextAttemptAt: Date | null = null;
      if (delivered) {
        await this.deliveries.finish(tx, d.id, attempt, 'DELIVERED');
        await this.endpoints.recordSuccess(tx, d.endpointId);
      } else {
        if (gaveUp) await this.deliveries.finish(tx, d.id, attempt, 'GAVE_UP');
        else {
          const delay = retryDelayMs(attempt, this.config.WEBHOOK_RETRY_BASE_MS, this.config.WEBHOOK_RETRY_MAX_MS);
          nextAttemptAt = new Date(Date.now() + delay);
          await this.deliveries.retryAt(tx, d.id, attempt, nextAttemptAt);
        }
        const { failures, disabled } = await this.endpoints.recordFailure(
          tx,
          d.endpointId,
          this.config.WEBHOOK_DISABLE_AFTER_FAILURES,
          new Date(),
        );
        if (disabled) {
          this.logger.warn({ endpointId: d.endpointId, failures }, 'webhook endpoint disabled after failing repeatedly');
          await this.events.publish(tx, WebhookEndpointFailing, {
            endpointId: d.endpointId,
            consecutiveFailures: failures,
            lastError: result.error!,
            disabledAt: new Date().toISOString(),
          });
        }
      }
      await this.events.publish(tx, WebhookDeliveryAttempted, {
        deliveryId: d.id,
        endpointId: d.endpointId,
        eventId: d.eventId,
        eventType: d.eventType,
        attempt,
        statusCode: result.statusCode,
        durationMs: result.durationMs,
        error: result.error,
        outcome,
        nextAttemptAt: nextAttemptAt?.toISOString() ?? null,
        attemptedAt: attemptedAt.toISOString(),
      });
    });
  }
}
