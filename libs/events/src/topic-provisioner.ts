import { deadLetterTopic, type TopicSpec } from '@crm/contracts';
import { ReadinessRegistry } from '@crm/observability';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { EVENTS_OPTIONS, KAFKA, type EventsOptions } from './events.tokens';

/** The topics a service needs: what it produces, what it consumes, and a dead-letter topic per consumed topic. */
export function provisionedTopics(options: Pick<EventsOptions, 'produces' | 'consumes'>): TopicSpec[] {
  const dlq = options.consumes.map((t) => ({ name: deadLetterTopic(t.name), partitions: 1, retentionMs: -1 }));
  return [...new Map([...options.produces, ...options.consumes, ...dlq].map((t) => [t.name, t])).values()];
}

/**
 * Creates the service's topics before it serves (auto-creation is never relied on) and checks the
 * broker for readiness. Topics that exist are left as they are: partitions are never changed here.
 */
@Injectable()
export class TopicProvisioner implements OnModuleInit, OnModuleDestroy {
  private readonly admin: Admin;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(EVENTS_OPTIONS) private readonly options: EventsOptions,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.admin = kafka.admin();
  }

  async onModuleInit(): Promise<void> {
    await this.admin.connect();
    const existing = new Set(await this.admin.listTopics());
    const missing = provisionedTopics(this.options).filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await this.admin.createTopics({
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          configEntries: [{ name: 'retention.ms', value: String(t.retentionMs ?? -1) }],
        })),
        waitForLeaders: true,
      });
    }
    this.readiness.register('kafka', async () => {
      await this.admin.describeCluster();
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.admin.disconnect();
  }
}
