import {
  ContactAdded,
  ContactDeleted,
  ContactUpdated,
  ContactUpdatedV2,
  CustomerMerged,
  Topics,
  topicSpec,
  type TopicSpec,
} from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { KnownContactRepository } from './known-contact.repository';
import { REFERENCES_OPTIONS, type ReferencesOptions } from './references.options';

/** The topics the contact read model is fed from; customer merges move contacts, so the customer topic too. */
export const KNOWN_CONTACT_TOPICS: TopicSpec[] = [topicSpec(Topics.salesContact), topicSpec(Topics.salesCustomer)];

/** Consumer group (and inbox name) of a service's contact read model. */
export const knownContactGroupId = (service: string): string => `${service}-known-contacts`;

/** Keeps known_contact in step with sales: added, updated, deleted, moved by a customer merge. */
@Injectable()
export class KnownContactConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly known: KnownContactRepository,
    @Inject(REFERENCES_OPTIONS) private readonly options: ReferencesOptions,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(knownContactGroupId(this.options.service), [
      on(ContactAdded, ({ data }, tx) => this.known.upsert(tx, data.contactId, data.customerId, new Date(data.createdAt))),
      on(ContactUpdated, ({ data }, tx) => this.known.upsert(tx, data.contactId, data.customerId, new Date(data.updatedAt))),
      on(ContactUpdatedV2, ({ data }, tx) => this.known.upsert(tx, data.contactId, data.customerId, new Date(data.updatedAt))),
      on(ContactDeleted, ({ data }, tx) => this.known.deleted(tx, data.contactId, data.customerId, new Date(data.deletedAt))),
      on(CustomerMerged, ({ data }, tx) => this.known.moved(tx, data.moved.contactIds, data.survivorId, new Date(data.mergedAt))),
    ]);
  }
}
