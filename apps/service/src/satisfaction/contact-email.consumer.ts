import { ContactAdded, ContactDeleted, ContactUpdated, ContactUpdatedV2 } from '@crm/contracts';
import { EventConsumerRunner, on } from '@crm/events';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ContactEmailRepository } from './contact-email.repository';

/** Consumer group (and inbox name) of the contact email read model. */
export const CONTACT_EMAIL_GROUP_ID = 'service-contact-emails';

/** Keeps contact_email from sales' contact events (the topic the known-contact read model already consumes). */
@Injectable()
export class ContactEmailConsumer implements OnModuleInit {
  constructor(
    private readonly runner: EventConsumerRunner,
    private readonly emails: ContactEmailRepository,
  ) {}

  onModuleInit(): void {
    this.runner.subscribe(CONTACT_EMAIL_GROUP_ID, [
      on(ContactAdded, ({ data }, tx) => this.emails.record(tx, data.contactId, data.email, new Date(data.createdAt))),
      on(ContactUpdated, ({ data }, tx) => this.emails.record(tx, data.contactId, data.email, new Date(data.updatedAt))),
      on(ContactUpdatedV2, ({ data }, tx) => this.emails.record(tx, data.contactId, data.email, new Date(data.updatedAt))),
      on(ContactDeleted, ({ data }, tx) => this.emails.record(tx, data.contactId, null, new Date(data.deletedAt))),
    ]);
  }
}
