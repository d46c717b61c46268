import { CustomerCreated, CustomerDeleted, CustomerMerged, CustomerRestored, Topics, topicSpec, type TopicSpec } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { KnownCustomerState } from './known-customer.entity';
import { KnownCustomerRepository } from './known-customer.repository';
import { REFERENCES_OPTIONS, type ReferencesOptions } from './references.options';

/** The topics the read model is fed from, provisioned at boot like every consumed topic. */
export const KNOWN_CUSTOMER_TOPICS: TopicSpec[] = [topicSpec(Topics.salesCustomer)];

/** Consumer group (and inbox name) of a service's customer read model. */
export const knownCustomerGroupId = (service: string): string => `${service}-known-customers`;

/** Keeps known_customer in step with sales: created, deleted, restored, merged. */
@Injectable()
export class KnownCustomerConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly known: KnownCustomerRepository,
    @Inject(REFERENCES_OPTIONS) private readonly options: ReferencesOptions,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(knownCustomerGroupId(this.options.service), [
      on(CustomerCreated, ({ data }, tx) => this.known.created(tx, data.customerId, new Date(data.createdAt))),
      on(CustomerDeleted, ({ data }, tx) => this.known.setState(tx, data.customerId, KnownCustomerState.DELETED, new Date(data.deletedAt))),
      on(CustomerRestored, ({ data }, tx) => this.known.setState(tx, data.customerId, KnownCustomerState.LIVE, new Date(data.restoredAt))),
      on(CustomerMerged, ({ data }, tx) => this.known.merged(tx, data.mergedId, data.survivorId, new Date(data.mergedAt))),
    ]);
  }
}
