import {
  CustomerCreated,
  CustomerDeleted,
  CustomerMerged,
  CustomerRestored,
  Topics,
  topicSpec,
  type CloudEvent,
  type PayloadOf,
  type TopicSpec,
} from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { EventConsumerRunner } from '@crm/events';
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
    this.runner.subscribe({
      groupId: knownCustomerGroupId(this.options.service),
      contracts: [CustomerCreated, CustomerDeleted, CustomerRestored, CustomerMerged],
      handle: (event, tx) => this.apply(event, tx),
    });
  }

  // The runner has checked each payload against its contract's schema before it calls this.
  private async apply(event: CloudEvent, tx: Transaction): Promise<void> {
    switch (event.type) {
      case CustomerCreated.type: {
        const d = event.data as PayloadOf<typeof CustomerCreated>;
        return this.known.created(tx, d.customerId, new Date(d.createdAt));
      }
      case CustomerDeleted.type: {
        const d = event.data as PayloadOf<typeof CustomerDeleted>;
        return this.known.setState(tx, d.customerId, KnownCustomerState.DELETED, new Date(d.deletedAt));
      }
      case CustomerRestored.type: {
        const d = event.data as PayloadOf<typeof CustomerRestored>;
        return this.known.setState(tx, d.customerId, KnownCustomerState.LIVE, new Date(d.restoredAt));
      }
      case CustomerMerged.type: {
        const d = event.data as PayloadOf<typeof CustomerMerged>;
        return this.known.merged(tx, d.mergedId, d.survivorId, new Date(d.mergedAt));
      }
    }
  }
}
