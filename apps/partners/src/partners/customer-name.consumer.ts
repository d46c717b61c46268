import { CustomerCreated, CustomerUpdated, CustomerUpdatedV2 } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import type { Transaction } from '@crm/database';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CustomerAliasRepository } from '../customer-merges/customer-alias.repository';
import { CustomerNameRepository } from './customer-name.repository';

/**
 * Keeps customer_name in step with sales: the name a customer is created with and every rename
 * (v1 updates still on the topic carry the name too). One customer's events arrive in order (keyed
 * by the customer); the inbox drops a redelivery. A customer merged away keeps no name, even when
 * its events reach this group after the merge reached its own: like every customer-keyed writer,
 * it asks the alias first, under the customer's lock.
 */
@Injectable()
export class CustomerNameConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly names: CustomerNameRepository,
    private readonly aliases: CustomerAliasRepository,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe('partners-customer-names', [
      on(CustomerCreated, ({ data }, tx) => this.record(tx, data.customerId, data.name, new Date(data.createdAt))),
      on(CustomerUpdated, ({ data }, tx) => this.record(tx, data.customerId, data.name, new Date(data.updatedAt))),
      on(CustomerUpdatedV2, ({ data }, tx) => this.record(tx, data.customerId, data.customer.name, new Date(data.updatedAt))),
    ]);
  }

  private async record(tx: Transaction, customerId: string, name: string, changedAt: Date): Promise<void> {
    if ((await this.aliases.current(tx, customerId)) !== customerId) return;
    await this.names.record(tx, customerId, name, changedAt);
  }
}
