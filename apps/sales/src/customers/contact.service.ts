import { randomUUID } from 'node:crypto';
import { ContactAdded } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { EventPublisher } from '@crm/events';
import { groupByKeys, notFound } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { ContactEntity } from './contact.entity';
import type { AddContactInput } from './contact.input';
import { ContactRepository } from './contact.repository';
import { CustomerRepository } from './customer.repository';

/** Contacts listed on a customer: the newest ones, bounded so a customer with thousands stays cheap. */
export const CONTACTS_PER_CUSTOMER = 100;

@Injectable()
export class ContactService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly contacts: ContactRepository,
    private readonly customers: CustomerRepository,
    private readonly events: EventPublisher,
  ) {}

  add(input: AddContactInput): Promise<ContactEntity> {
    return this.uow.run(async (tx) => {
      if (!(await this.customers.findById(input.customerId, tx))) throw notFound('Customer', input.customerId);
      const contact: ContactEntity = {
        id: randomUUID(),
        customerId: input.customerId,
        firstName: input.firstName,
        lastName: input.lastName,
        email: input.email ?? null,
        phone: input.phone ?? null,
        title: input.title ?? null,
        createdAt: new Date(),
      };
      await this.contacts.insert(tx, contact);
      await this.events.publish(tx, ContactAdded, {
        contactId: contact.id,
        customerId: contact.customerId,
        fullName: `${contact.firstName} ${contact.lastName}`,
        email: contact.email,
        createdAt: contact.createdAt.toISOString(),
      });
      return contact;
    });
  }

  async byCustomerIds(customerIds: readonly string[]): Promise<ContactEntity[][]> {
    const rows = await this.contacts.newestByCustomerIds(customerIds, CONTACTS_PER_CUSTOMER);
    return groupByKeys(customerIds, rows, (c) => c.customerId);
  }
}
