import { CustomerCreated, CustomerUpdated, CustomerUpdatedV2 } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CustomerNameRepository } from './customer-name.repository';

/**
 * Keeps customer_name in step with sales: the name a customer is created with and every rename
 * (v1 updates still on the topic carry the name too). One customer's events arrive in order (keyed
 * by the customer); the inbox drops a redelivery.
 */
@Injectable()
export class CustomerNameConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly names: CustomerNameRepository,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe('partners-customer-names', [
      on(CustomerCreated, ({ data }, tx) => this.names.record(tx, data.customerId, data.name, new Date(data.createdAt))),
      on(CustomerUpdated, ({ data }, tx) => this.names.record(tx, data.customerId, data.name, new Date(data.updatedAt))),
      on(CustomerUpdatedV2, ({ data }, tx) => this.names.record(tx, data.customerId, data.customer.name, new Date(data.updatedAt))),
    ]);
  }
}
