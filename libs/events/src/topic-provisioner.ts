import { ReadinessRegistry } from '@crm/observability';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { EVENTS_OPTIONS, KAFKA, type EventsOptions } from './events.tokens';

/** Creates the service's topics before it serves (auto-creation is never relied on) and checks the broker for readiness. */
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
    const wanted = new Map([...this.options.produces, ...this.options.consumes].map((t) => [t.name, t]));
    const existing = new Set(await this.admin.listTopics());
    const missing = [...wanted.values()].filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await this.admin.createTopics({ topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions })), waitForLeaders: true });
    }
    this.readiness.register('kafka', async () => {
      await this.admin.describeCluster();
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.admin.disconnect();
  }
}
