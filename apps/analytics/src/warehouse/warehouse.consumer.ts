import { topicSpec, type TopicSpec } from '@crm/contracts';
import { EventConsumerRunner } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { WAREHOUSE_CONTRACTS, WarehouseService } from './warehouse.service';

/**
 * Consumer group (and inbox name) of the warehouse: a group of its own, so a warehouse fault parks
 * its events without holding back the customer 360, and either can be replayed alone.
 */
export const WAREHOUSE_GROUP_ID = 'analytics-warehouse';

export const WAREHOUSE_TOPICS: TopicSpec[] = [...new Set(WAREHOUSE_CONTRACTS.map((c) => c.topic))].map((topic) => topicSpec(topic));

@Injectable()
export class WarehouseConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly warehouse: WarehouseService,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(WAREHOUSE_GROUP_ID, this.warehouse.handlers());
  }
}
