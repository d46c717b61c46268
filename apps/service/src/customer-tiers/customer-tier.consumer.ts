import { CustomerCreated, CustomerUpdatedV2 } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CustomerTierRepository } from './customer-tier.repository';

/** Consumer group (and inbox name) of the tier read model. */
export const CUSTOMER_TIER_GROUP_ID = 'service-customer-tiers';

/**
 * Keeps customer_tier from sales' customer events (the topic the known-customer read model already
 * consumes). customer.updated.v1 carried no tier, so it is not read: a tier set before v2 comes with
 * the customer's next v2 update.
 */
@Injectable()
export class CustomerTierConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly tiers: CustomerTierRepository,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(CUSTOMER_TIER_GROUP_ID, [
      on(CustomerCreated, ({ data }, tx) => this.tiers.record(tx, data.customerId, data.tier ?? null, new Date(data.createdAt))),
      on(CustomerUpdatedV2, ({ data }, tx) => this.tiers.record(tx, data.customerId, data.customer.tier, new Date(data.updatedAt))),
    ]);
  }
}
